package ru.saigabot.bot.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.store.StoredMessage;
import ru.saigabot.inference.ChatMessage;

class PromptTurnsTest {

    private static StoredMessage user(long id, String author, String text) {
        return new StoredMessage(id, 1, -100, "user", text, id, author);
    }

    private static StoredMessage bot(long id, String text) {
        return new StoredMessage(id, 1, -100, "assistant", text, id, null);
    }

    @Test
    void aGroupsMessagesBetweenTwoAnswersBecomeOneTurnWithAuthors() {
        List<ChatMessage> turns = PromptTurns.build("sys", List.of(
                user(1, "Алиса", "Пойдём в кино?"), user(2, "Борис", "Давай в субботу"), user(3, null, "Я за"),
                bot(4, "Хороший план."), user(5, "Алиса", "Сайга, что решили?")), true);
        assertThat(turns).containsExactly(
                ChatMessage.system("sys"),
                ChatMessage.userParts(List.of("Алиса: Пойдём в кино?", "Борис: Давай в субботу", "Участник: Я за")),
                ChatMessage.assistant("Хороший план."),
                ChatMessage.userParts(List.of("Алиса: Сайга, что решили?")));
        assertThat(turns.get(1).content()).isEqualTo("Алиса: Пойдём в кино?\nБорис: Давай в субботу\nУчастник: Я за");
    }

    @Test
    void aPrivateChatKeepsConsecutiveQuestionsApartSoAnOldOneCanBeDropped() {
        List<ChatMessage> turns = PromptTurns.build("sys", List.of(user(1, "Алиса", "очень длинный текст"),
                user(2, "Алиса", "Тогда коротко")), false);
        assertThat(turns).containsExactly(ChatMessage.system("sys"), ChatMessage.user("очень длинный текст"),
                ChatMessage.user("Тогда коротко"));
    }

    @Test
    void aPrivateChatKeepsItsTurnsWithoutNames() {
        List<ChatMessage> turns = PromptTurns.build("sys", List.of(user(1, "Алиса", "Привет"), bot(2, "Здравствуйте")),
                false);
        assertThat(turns).containsExactly(ChatMessage.system("sys"), ChatMessage.user("Привет"),
                ChatMessage.assistant("Здравствуйте"));
    }
}
