package ru.saigabot.inference.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.Role;
import ru.saigabot.inference.template.ChatMlTemplate;
import ru.saigabot.inference.template.ChatTemplate;
import ru.saigabot.inference.template.SaigaV2Template;

/**
 * With a fake tokenizer of one token per four characters (rounded up). In saiga_v2 the system message "Ты — Сайга."
 * renders to 26 characters, a turn "Вопрос i"/"Ответ i" to 40, the last user message to 29 and the answer opener
 * {@code <s>bot} to 6, so dropping k of the 4 turns leaves 61 + 40 * (4 - k) characters: 56, 46, 36, 26, 16 tokens.
 */
class ContextBudgetTest {

    private static final TokenCounter QUARTERS = new QuarterTokens(false);
    private static final ChatTemplate SAIGA = new SaigaV2Template();

    @Test
    void aConversationThatFitsIsKeptWhole() {
        List<ChatMessage> conversation = conversation(4);

        FittedPrompt fitted = ContextBudget.fit(conversation, SAIGA, QUARTERS, 100, 40);

        assertThat(fitted.droppedTurns()).isZero();
        assertThat(fitted.kept()).isEqualTo(conversation);
        assertThat(fitted.prompt()).isEqualTo(SAIGA.render(conversation));
        assertThat(fitted.promptTokens()).isEqualTo(56);
    }

    @Test
    void aPromptExactlyAsLongAsTheRoomFits() {
        assertThat(ContextBudget.fit(conversation(4), SAIGA, QUARTERS, 96, 40).droppedTurns()).isZero();
        assertThat(ContextBudget.fit(conversation(4), SAIGA, QUARTERS, 95, 40).droppedTurns()).isEqualTo(1);
    }

    @Test
    void theOldestTurnsAreDroppedWholeUntilItFits() {
        FittedPrompt fitted = ContextBudget.fit(conversation(4), SAIGA, QUARTERS, 100, 60);

        assertThat(fitted.droppedTurns()).isEqualTo(2);
        assertThat(fitted.promptTokens()).isEqualTo(36);
        assertThat(fitted.kept()).containsExactly(
                ChatMessage.system("Ты — Сайга."),
                ChatMessage.user("Вопрос 3"), ChatMessage.assistant("Ответ 3"),
                ChatMessage.user("Вопрос 4"), ChatMessage.assistant("Ответ 4"),
                ChatMessage.user("Последний вопрос"));
        assertThat(fitted.prompt()).isEqualTo("<s>system\nТы — Сайга.</s>\n"
                + "<s>user\nВопрос 3</s>\n<s>bot\nОтвет 3</s>\n"
                + "<s>user\nВопрос 4</s>\n<s>bot\nОтвет 4</s>\n"
                + "<s>user\nПоследний вопрос</s>\n<s>bot");
    }

    @Test
    void theSystemPromptAndTheLastMessageAreAlwaysKept() {
        FittedPrompt fitted = ContextBudget.fit(conversation(4), SAIGA, QUARTERS, 100, 84);

        assertThat(fitted.droppedTurns()).isEqualTo(4);
        assertThat(fitted.promptTokens()).isEqualTo(16);
        assertThat(fitted.kept()).containsExactly(
                ChatMessage.system("Ты — Сайга."), ChatMessage.user("Последний вопрос"));
    }

    @Test
    void aLastMessageThatCannotFitIsAnErrorWithTheNumbers() {
        assertThatThrownBy(() -> ContextBudget.fit(conversation(4), SAIGA, QUARTERS, 100, 85))
                .isInstanceOfSatisfying(PromptTooLongException.class, e -> {
                    assertThat(e.neededTokens()).isEqualTo(16);
                    assertThat(e.availableTokens()).isEqualTo(15);
                })
                .hasMessage("the last message is too long: with the system prompt and the chat format it takes 16 "
                        + "tokens, but a prompt may take 15 (ctx-size 100 minus 85 kept for the answer); shorten the "
                        + "message, or raise --ctx-size (or lower --max-tokens)");
    }

    @Test
    void aGreetingBeforeTheFirstQuestionIsATurnOfItsOwn() {
        List<ChatMessage> conversation = List.of(
                ChatMessage.system("Ты — Сайга."),
                ChatMessage.assistant("Здравствуйте!"),
                ChatMessage.user("Вопрос 1"), ChatMessage.assistant("Ответ 1"),
                ChatMessage.user("Последний вопрос"));

        FittedPrompt fitted = ContextBudget.fit(conversation, SAIGA, QUARTERS, 100, 70);

        assertThat(fitted.droppedTurns()).isEqualTo(1);
        assertThat(fitted.promptTokens()).isEqualTo(26);
        assertThat(fitted.kept()).containsExactly(ChatMessage.system("Ты — Сайга."),
                ChatMessage.user("Вопрос 1"), ChatMessage.assistant("Ответ 1"), ChatMessage.user("Последний вопрос"));
    }

    @Test
    void aBosTheTokenizerAddsIsCountedAndNotWrittenTwice() {
        TokenCounter addsBos = new QuarterTokens(true);

        FittedPrompt saiga = ContextBudget.fit(conversation(4), SAIGA, addsBos, 100, 40);
        FittedPrompt chatMl = ContextBudget.fit(conversation(4), new ChatMlTemplate(), addsBos, 200, 40);

        assertThat(saiga.prompt()).startsWith("system\nТы — Сайга.</s>\n<s>user\n");
        assertThat(saiga.promptTokens()).isEqualTo(55 + 1); // 218 characters without "<s>", and the BOS token
        assertThat(chatMl.prompt()).isEqualTo(new ChatMlTemplate().render(conversation(4)));
        assertThat(chatMl.promptTokens()).isEqualTo(103 + 1); // 411 characters, and the BOS token
    }

    @Test
    void countsOnlyAFewCandidatePromptsEachOnce() {
        List<ChatMessage> conversation = conversation(100);
        List<String> counted = new ArrayList<>();
        TokenCounter recording = text -> {
            counted.add(text);
            return QUARTERS.count(text);
        };

        FittedPrompt fitted = ContextBudget.fit(conversation, SAIGA, recording, 1000, 500);

        // turns 10..99 render to 42 characters and turn 100 to 44: dropping 54 leaves 1995 characters (499 tokens),
        // dropping 53 leaves 2037 (510 tokens)
        assertThat(fitted.droppedTurns()).isEqualTo(54);
        assertThat(fitted.promptTokens()).isEqualTo(499);
        assertThat(counted).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(2 + 7); // whole, shortest, log2(99)
    }

    @Test
    void dropsTheFewestTurnsThatFitWhateverTheConversation() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            List<ChatMessage> conversation = randomConversation(random);
            int contextSize = 40 + random.nextInt(400);
            int answerTokens = random.nextInt(40);

            int expected = fewestDroppedTurnsByTryingAll(conversation, contextSize - answerTokens);
            if (expected < 0) {
                assertThatThrownBy(() -> ContextBudget.fit(conversation, SAIGA, QUARTERS, contextSize, answerTokens))
                        .isInstanceOf(PromptTooLongException.class);
            } else {
                FittedPrompt fitted = ContextBudget.fit(conversation, SAIGA, QUARTERS, contextSize, answerTokens);
                assertThat(fitted.droppedTurns()).as("round %d", round).isEqualTo(expected);
                assertThat(fitted.promptTokens()).isLessThanOrEqualTo(contextSize - answerTokens)
                        .isEqualTo(QUARTERS.count(SAIGA.render(fitted.kept())));
            }
        }
    }

    @Test
    void refusesAnAnswerBudgetThatLeavesNoRoom() {
        assertThatThrownBy(() -> ContextBudget.fit(conversation(1), SAIGA, QUARTERS, 512, 512))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("smaller than the context (512 tokens)");
        assertThatThrownBy(() -> ContextBudget.fit(conversation(1), SAIGA, QUARTERS, 512, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAConversationWithNothingToAnswer() {
        List<ChatMessage> noQuestion = List.of(ChatMessage.system("Ты — Сайга."), ChatMessage.assistant("Привет!"));

        assertThatThrownBy(() -> ContextBudget.fit(noQuestion, SAIGA, QUARTERS, 512, 128))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the conversation has no user message to answer");
    }

    /** The system message, {@code turns} question-answer pairs and a last question. */
    private static List<ChatMessage> conversation(int turns) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system("Ты — Сайга."));
        for (int i = 1; i <= turns; i++) {
            messages.add(ChatMessage.user("Вопрос " + i));
            messages.add(ChatMessage.assistant("Ответ " + i));
        }
        messages.add(ChatMessage.user("Последний вопрос"));
        return messages;
    }

    private static List<ChatMessage> randomConversation(Random random) {
        List<ChatMessage> messages = new ArrayList<>();
        if (random.nextBoolean()) {
            messages.add(ChatMessage.system("с".repeat(random.nextInt(60))));
        }
        if (random.nextInt(4) == 0) {
            messages.add(ChatMessage.assistant("п".repeat(random.nextInt(30))));
        }
        int turns = 1 + random.nextInt(12);
        for (int i = 0; i < turns; i++) {
            messages.add(ChatMessage.user("в".repeat(random.nextInt(80))));
            for (int answers = random.nextInt(3); answers > 0 && i < turns - 1; answers--) {
                messages.add(ChatMessage.assistant("о".repeat(random.nextInt(120))));
            }
        }
        return messages;
    }

    /** The reference: try dropping 0, 1, 2... leading turns (a turn starts at a user message); -1 if none fits. */
    private static int fewestDroppedTurnsByTryingAll(List<ChatMessage> conversation, int available) {
        int pinned = conversation.get(0).role() == Role.SYSTEM ? 1 : 0;
        List<Integer> turnStarts = new ArrayList<>();
        for (int i = pinned; i < conversation.size(); i++) {
            boolean startsTurn = conversation.get(i).role() == Role.USER || i == pinned;
            if (startsTurn) {
                turnStarts.add(i);
            }
        }
        for (int dropped = 0; dropped < turnStarts.size(); dropped++) {
            List<ChatMessage> kept = new ArrayList<>(conversation.subList(0, pinned));
            kept.addAll(conversation.subList(turnStarts.get(dropped), conversation.size()));
            if (QUARTERS.count(SAIGA.render(kept)) <= available) {
                return dropped;
            }
        }
        return -1;
    }

    @Test
    void aGroupsMessagesSinceTheLastAnswerLoseTheirOldestLinesWhenEvenAloneTheyDoNotFit() {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            lines.add("Участник " + i + ": " + "длинное сообщение без вопроса".repeat(1) + " №" + i);
        }
        List<ChatMessage> conversation = List.of(ChatMessage.system("Ты — Сайга."), ChatMessage.user("Вопрос 1"),
                ChatMessage.assistant("Ответ 1"), ChatMessage.userParts(lines));

        FittedPrompt fitted = ContextBudget.fit(conversation, SAIGA, QUARTERS, 80, 40);

        assertThat(fitted.droppedTurns()).isEqualTo(1);
        assertThat(fitted.promptTokens()).isLessThanOrEqualTo(40);
        ChatMessage last = fitted.kept().get(fitted.kept().size() - 1);
        assertThat(last.parts()).as("the newest lines, whole").isEqualTo(lines.subList(fitted.droppedParts(), 5))
                .isNotEmpty();
        assertThat(fitted.droppedParts()).isPositive();
        // One line more would not have fitted: as few lines as needed are left out.
        List<ChatMessage> oneMore = List.of(ChatMessage.system("Ты — Сайга."),
                ChatMessage.userParts(lines.subList(fitted.droppedParts() - 1, 5)));
        assertThat(QUARTERS.count(SAIGA.render(oneMore))).isGreaterThan(40);
    }

    @Test
    void aGroupsLastLineAloneTooLongIsStillTooLong() {
        List<ChatMessage> conversation = List.of(ChatMessage.system("Ты — Сайга."),
                ChatMessage.userParts(List.of("Участник 1: привет", "Участник 2: " + "очень длинный вопрос ".repeat(20))));

        assertThatThrownBy(() -> ContextBudget.fit(conversation, SAIGA, QUARTERS, 80, 40))
                .isInstanceOf(PromptTooLongException.class);
    }
}
