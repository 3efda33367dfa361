package ru.saigabot.inference.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.template.ChatTemplate;
import ru.saigabot.inference.template.SaigaV2Template;

/**
 * {@link ContextBudget#fitKeepingStart}: a conversation that outgrows its context drops old turns in a step and then
 * starts at the same turn, so that each prompt begins with the whole previous one until the next drop.
 */
class SteadyStartTest {
    private static final TokenCounter QUARTERS = new QuarterTokens(false);
    private static final ChatTemplate SAIGA = new SaigaV2Template();
    private static final int CONTEXT = 400;
    private static final int ANSWER = 40;
    private static final int ROOM = CONTEXT - ANSWER;

    @Test
    void betweenTwoDropsEveryPromptBeginsWithTheWholePreviousOne() {
        Random random = new Random(7);
        List<ChatMessage> conversation = new ArrayList<>(List.of(ChatMessage.system("Ты — Сайга.")));
        Optional<PromptStart> start = Optional.empty();
        String previous = null;
        int drops = 0;
        int steady = 0;
        for (int turn = 0; turn < 60; turn++) {
            conversation.add(ChatMessage.user("вопрос " + turn + " " + "в".repeat(random.nextInt(120))));
            FittedPrompt fitted = ContextBudget.fitKeepingStart(conversation, SAIGA, QUARTERS, CONTEXT, ANSWER, start,
                    0.5);
            assertThat(fitted.promptTokens()).as("turn %d fits", turn).isLessThanOrEqualTo(ROOM);
            assertThat(fitted.kept().get(fitted.kept().size() - 1)).isEqualTo(conversation.get(conversation.size() - 1));
            if (previous != null && fitted.prompt().startsWith(previous)) {
                steady++;
            } else if (previous != null) {
                drops++;
                assertThat(fitted.promptTokens()).as("a drop goes down to the mark, turn %d", turn)
                        .isLessThanOrEqualTo(ROOM / 2);
            }
            start = Optional.ofNullable(fitted.start());
            previous = fitted.prompt();
            conversation.add(ChatMessage.assistant("ответ " + turn + " " + "о".repeat(random.nextInt(100))));
        }
        // a turn adds about 40 tokens and a drop frees about half the room (180): one drop in four or five turns
        assertThat(drops).isBetween(5, 20);
        assertThat(steady).isEqualTo(59 - drops);
    }

    @Test
    void droppingTheFewestTurnsChangesTheStartOnEveryTurnPastTheContext() {
        List<ChatMessage> conversation = new ArrayList<>(List.of(ChatMessage.system("Ты — Сайга.")));
        String previous = null;
        int changed = 0;
        for (int turn = 0; turn < 30; turn++) {
            conversation.add(ChatMessage.user("вопрос " + turn + " " + "в".repeat(60)));
            FittedPrompt fitted = ContextBudget.fit(conversation, SAIGA, QUARTERS, CONTEXT, ANSWER);
            if (previous != null && !fitted.prompt().startsWith(previous)) {
                changed++;
            }
            previous = fitted.prompt();
            conversation.add(ChatMessage.assistant("ответ " + turn + " " + "о".repeat(60)));
        }
        // what the steady start is for: without it, every turn after the first overflow starts elsewhere
        assertThat(changed).isGreaterThan(15);
    }

    @Test
    void aStartNoLongerInTheConversationDropsToTheMarkAgain() {
        List<ChatMessage> conversation = longConversation(20);
        FittedPrompt first = ContextBudget.fitKeepingStart(conversation, SAIGA, QUARTERS, CONTEXT, ANSWER,
                Optional.empty(), 0.5);
        assertThat(first.droppedTurns()).isPositive();
        assertThat(first.promptTokens()).isLessThanOrEqualTo(ROOM / 2);
        assertThat(first.start()).isEqualTo(PromptStart.of(first.kept().subList(1, first.kept().size())));

        // the history window moved past the remembered turn (or it was edited): the start is chosen afresh
        FittedPrompt again = ContextBudget.fitKeepingStart(conversation, SAIGA, QUARTERS, CONTEXT, ANSWER,
                Optional.of(new PromptStart(6, 12345)), 0.5);
        assertThat(again).isEqualTo(first);
    }

    @Test
    void aRememberedStartThatNoLongerFitsGivesWayToANewOne() {
        List<ChatMessage> conversation = longConversation(20);
        FittedPrompt fewest = ContextBudget.fit(conversation, SAIGA, QUARTERS, CONTEXT, ANSWER);
        // remembered: the second turn, far too early to fit now
        PromptStart tooEarly = PromptStart.of(conversation.subList(3, conversation.size()));

        FittedPrompt fitted = ContextBudget.fitKeepingStart(conversation, SAIGA, QUARTERS, CONTEXT, ANSWER,
                Optional.of(tooEarly), 0.5);

        assertThat(fitted.droppedTurns()).isGreaterThan(fewest.droppedTurns());
        assertThat(fitted.promptTokens()).isLessThanOrEqualTo(ROOM / 2);
    }

    /** The start recorded when a drop kept only the question is recognised once that question has its answer. */
    @Test
    void aStartThatWasTheQuestionIsFoundAgainAfterItsAnswer() {
        List<ChatMessage> conversation = new ArrayList<>(longConversation(20));
        conversation.set(conversation.size() - 1, ChatMessage.user("в".repeat(600))); // about 150 of the 180
        FittedPrompt first = ContextBudget.fitKeepingStart(conversation, SAIGA, QUARTERS, CONTEXT, ANSWER,
                Optional.empty(), 0.5);
        assertThat(first.kept()).hasSize(2).as("the system prompt and the question alone");

        conversation.add(ChatMessage.assistant("короткий ответ"));
        // above the mark with the remembered start, within the room: a start chosen afresh would drop it
        conversation.add(ChatMessage.user("и ещё вопрос " + "е".repeat(400)));
        FittedPrompt next = ContextBudget.fitKeepingStart(conversation, SAIGA, QUARTERS, CONTEXT, ANSWER,
                Optional.of(first.start()), 0.5);

        assertThat(next.droppedTurns()).isEqualTo(first.droppedTurns());
        assertThat(next.prompt()).startsWith(first.prompt());
    }

    /** The same words said earlier (a dropped "спасибо") do not hide the turn the prompt starts with. */
    @Test
    void aStartSaidAgainEarlierInTheConversationIsStillFound() {
        List<ChatMessage> conversation = new ArrayList<>(longConversation(20));
        for (int i = 1; i < conversation.size() - 1; i += 2) {
            conversation.set(i, ChatMessage.user("спасибо, а ещё " + "в".repeat(80))); // every question the same
        }
        FittedPrompt first = ContextBudget.fitKeepingStart(conversation, SAIGA, QUARTERS, CONTEXT, ANSWER,
                Optional.empty(), 0.5);
        conversation.add(ChatMessage.assistant("ответ"));
        conversation.add(ChatMessage.user("и последний вопрос"));

        FittedPrompt next = ContextBudget.fitKeepingStart(conversation, SAIGA, QUARTERS, CONTEXT, ANSWER,
                Optional.of(first.start()), 0.5);

        assertThat(next.droppedTurns()).isEqualTo(first.droppedTurns());
        assertThat(next.prompt()).startsWith(first.prompt());
    }

    @Test
    void aConversationThatFitsIsKeptWholeAndRemembersNoStart() {
        List<ChatMessage> conversation = longConversation(2);
        FittedPrompt fitted = ContextBudget.fitKeepingStart(conversation, SAIGA, QUARTERS, CONTEXT, ANSWER,
                Optional.of(new PromptStart(1, 11)), 0.5);
        assertThat(fitted.droppedTurns()).isZero();
        assertThat(fitted.start()).isNull();
    }

    @Test
    void aLastTurnAboveTheMarkDropsOnlyWhatItMust() {
        List<ChatMessage> conversation = new ArrayList<>(longConversation(20));
        conversation.set(conversation.size() - 1, ChatMessage.user("в".repeat(1000))); // about 250 of 360 tokens
        FittedPrompt fitted = ContextBudget.fitKeepingStart(conversation, SAIGA, QUARTERS, CONTEXT, ANSWER,
                Optional.empty(), 0.5);
        assertThat(fitted).isEqualTo(ContextBudget.fit(conversation, SAIGA, QUARTERS, CONTEXT, ANSWER));
    }

    @Test
    void refusesAMarkOutsideTheRoom() {
        assertThatThrownBy(() -> ContextBudget.fitKeepingStart(longConversation(1), SAIGA, QUARTERS, CONTEXT, ANSWER,
                Optional.empty(), 0)).hasMessageContaining("lowWater must be in (0, 1]");
        assertThatThrownBy(() -> ContextBudget.fitKeepingStart(longConversation(1), SAIGA, QUARTERS, CONTEXT, ANSWER,
                Optional.empty(), 1.5)).hasMessageContaining("lowWater must be in (0, 1]");
    }

    @Test
    void rememberedStartsAreBoundedAndForgottenWhenNothingIsDropped() {
        PromptStarts starts = new PromptStarts(2);
        starts.put("a", Optional.of(new PromptStart(1, 11)));
        starts.put("b", Optional.of(new PromptStart(2, 22)));
        starts.get("a");
        starts.put("c", Optional.of(new PromptStart(3, 33)));
        assertThat(starts.get("b")).as("used longest ago").isEmpty();
        assertThat(starts.get("a")).contains(new PromptStart(1, 11));
        starts.put("a", Optional.empty());
        assertThat(starts.get("a")).isEmpty();
        assertThat(starts.size()).isEqualTo(1);
    }

    /** A system prompt, {@code turns} questions of about 25 tokens with answers of about 25, and a last question. */
    private static List<ChatMessage> longConversation(int turns) {
        List<ChatMessage> messages = new ArrayList<>(List.of(ChatMessage.system("Ты — Сайга.")));
        for (int i = 0; i < turns; i++) {
            messages.add(ChatMessage.user("вопрос " + i + " " + "в".repeat(80)));
            messages.add(ChatMessage.assistant("ответ " + i + " " + "о".repeat(80)));
        }
        messages.add(ChatMessage.user("последний вопрос"));
        return messages;
    }
}
