package ru.saigabot.training.export;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.training.export.Turns.answer;
import static ru.saigabot.training.export.Turns.user;

import java.util.List;
import org.junit.jupiter.api.Test;

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
}
