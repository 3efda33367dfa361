package ru.saigabot.training.export;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.training.export.Turns.answer;
import static ru.saigabot.training.export.Turns.grounded;
import static ru.saigabot.training.export.Turns.user;

import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.grounding.GivenPassage;
import ru.saigabot.inference.grounding.GroundedQuestion;

class PromptBuilderTest {

    private static List<ChatMessage> build(List<StoredTurn> turns, int index) {
        return PromptBuilder.build(turns, turns.stream().map(StoredTurn::content).toList(), "SYS", index);
    }

    @Test
    void systemFirstThenHistoryThenThePrompt() {
        List<StoredTurn> turns = List.of(user(1, 7, null, "Вопрос 1"), answer(2, 1, "Ответ 1", 0, 0),
                user(3, 7, null, "Вопрос 2"));
        assertThat(build(turns, 2)).containsExactly(ChatMessage.system("SYS"), ChatMessage.user("Вопрос 1"),
                ChatMessage.assistant("Ответ 1"), ChatMessage.user("Вопрос 2"));
    }

    @Test
    void failedAnswersAreLeftOutAndTheLatestRegenerationIsKept() {
        List<StoredTurn> turns = List.of(user(1, 7, null, "Вопрос 1"), answer(2, 1, "первый", 0, 1),
                answer(3, 1, "второй", 1, 0), answer(4, 1, "ошибка", "failed", 0, 0), user(5, 7, null, "Вопрос 2"));
        assertThat(build(turns, 4)).extracting(ChatMessage::content)
                .containsExactly("SYS", "Вопрос 1", "второй", "Вопрос 2");
    }

    @Test
    void historyUpToACutAnswerIsDropped() {
        List<StoredTurn> turns = List.of(user(1, 7, null, "Вопрос 1"), answer(2, 1, "обрыв", "cut", 0, 0),
                user(3, 7, null, "Вопрос 2"), answer(4, 3, "Ответ 2", 0, 0), user(5, 7, null, "Вопрос 3"));
        assertThat(build(turns, 4)).extracting(ChatMessage::content)
                .containsExactly("SYS", "Вопрос 2", "Ответ 2", "Вопрос 3");
    }

    @Test
    void consecutiveUserTurnsAreMerged() {
        List<StoredTurn> turns = List.of(user(1, 7, null, "раз"), user(2, 8, null, "два"), user(3, 7, null, "три"));
        assertThat(build(turns, 2)).containsExactly(ChatMessage.system("SYS"), ChatMessage.user("раз\n\nдва\n\nтри"));
    }

    @Test
    void answersAfterThePromptAreNotHistory() {
        List<StoredTurn> turns = List.of(user(1, 7, null, "Вопрос 1"), answer(2, 1, "Ответ 1", 0, 0),
                user(3, 7, null, "Вопрос 2"), answer(4, 1, "поздняя регенерация", 0, 0));
        assertThat(build(turns, 2)).extracting(ChatMessage::content)
                .containsExactly("SYS", "Вопрос 1", "Ответ 1", "Вопрос 2");
    }

    @Test
    void promptTextIsTheTurnsWithoutTheSystemMessage() {
        assertThat(PromptBuilder.promptText(List.of(ChatMessage.system("SYS"), ChatMessage.user("a"),
                ChatMessage.assistant("b"), ChatMessage.user("c")))).isEqualTo("a\nb\nc");
    }

    private static final List<GivenPassage> PASSAGES = List.of(
            new GivenPassage(1, "file.pdf", 3, null, "Гарантия — два года.\n"),
            new GivenPassage(2, "notes.md", null, "Возврат", "Вернуть можно за 14 дней."));

    private static List<ChatMessage> buildGrounded(List<StoredTurn> turns, int index, boolean group) {
        return PromptBuilder.groundedMessages(turns, turns.stream().map(StoredTurn::content).toList(), "SYS",
                PromptBuilder.keptTurns(turns, index), group, PASSAGES);
    }

    /** As the bot sends it: {@code ChatMessage.userParts(GroundedQuestion.parts(passages, questionParts))}. */
    private static String asTheModelSawIt(String... questionParts) {
        return String.join("\n", GroundedQuestion.parts(PASSAGES, List.of(questionParts)));
    }

    @Test
    void aGroundedQuestionCarriesItsPassagesAndHistoryStaysPlain() {
        List<StoredTurn> turns = List.of(grounded(1, 7, null, "Какая гарантия?", PASSAGES.get(0)),
                answer(2, 1, "Два года [1].", 0, 0),
                grounded(3, 7, null, "А возврат?", PASSAGES.toArray(GivenPassage[]::new)));
        List<ChatMessage> prompt = buildGrounded(turns, 2, false);

        assertThat(prompt).hasSize(4);
        assertThat(prompt.subList(0, 3)).as("only the question being answered carries passages")
                .containsExactly(ChatMessage.system("SYS"), ChatMessage.user("Какая гарантия?"),
                        ChatMessage.assistant("Два года [1]."));
        String last = prompt.get(3).content();
        assertThat(last).isEqualTo(asTheModelSawIt("А возврат?"));
        assertThat(last).as("the worst passage first, [1] right before the instruction, the question last")
                .startsWith("[2] notes.md, «Возврат»\nВернуть можно за 14 дней.\n\n"
                        + "[1] file.pdf, с. 3\nГарантия — два года.\n\n")
                .endsWith("\nА возврат?");
    }

    @Test
    void aGroupsGroundedTurnHasEveryMessageSinceTheLastAnswerAsAPart() {
        List<StoredTurn> turns = List.of(user(1, 7, null, "Участник 1: Привет"), answer(2, 1, "Здравствуйте!", 0, 0),
                user(3, 8, null, "Участник 2: у меня вопрос"), user(4, 7, null, "Участник 1: какая гарантия?"));
        assertThat(buildGrounded(turns, 3, true)).containsExactly(ChatMessage.system("SYS"),
                ChatMessage.user("Участник 1: Привет"), ChatMessage.assistant("Здравствуйте!"),
                ChatMessage.user(asTheModelSawIt("Участник 2: у меня вопрос", "Участник 1: какая гарантия?")));
    }

    @Test
    void aPrivateQuestionAfterAnUnansweredOneFollowsItAsMergedTurnsDo() {
        // The bot sent two user turns here (the first one's answer failed); only the second carried passages.
        List<StoredTurn> turns = List.of(user(1, 7, null, "Вопрос без ответа"),
                answer(2, 1, "ошибка", "failed", 0, 0), user(3, 7, null, "Какая гарантия?"));
        assertThat(buildGrounded(turns, 2, false)).containsExactly(ChatMessage.system("SYS"),
                ChatMessage.user("Вопрос без ответа\n\n" + asTheModelSawIt("Какая гарантия?")));
    }

    @Test
    void noPassagesGiveThePlainPrompt() {
        List<StoredTurn> turns = List.of(user(1, 7, null, "раз"), user(2, 8, null, "два"));
        assertThat(PromptBuilder.groundedMessages(turns, List.of("раз", "два"), "SYS", List.of(0, 1), true, List.of()))
                .isEqualTo(build(turns, 1));
    }
}
