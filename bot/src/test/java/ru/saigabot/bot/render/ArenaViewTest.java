package ru.saigabot.bot.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.arena.Shown;
import ru.saigabot.bot.dispatch.AnnotateCallback;

class ArenaViewTest {

    @Test
    void questionThenEachAnswerEscaped() {
        List<String> messages = ArenaView.messages(7, "2 < 3?", "Да & нет", "<b>нет</b>", "ru");
        assertThat(messages).containsExactly(
                "🧪 <b>Задание 7</b>: какой ответ лучше?\n\n<b>Вопрос:</b>\n2 &lt; 3?",
                "🅰️ <b>Ответ A</b>\n\nДа &amp; нет",
                "🅱️ <b>Ответ B</b>\n\n&lt;b&gt;нет&lt;/b&gt;\n\nКакой ответ лучше?");
    }

    @Test
    void aLongAnswerContinuesInMoreMessagesAndTheQuestionComesLast() {
        String longAnswer = "слово ".repeat(1500);
        List<String> messages = ArenaView.messages(1, "p", longAnswer, "b", "en");
        assertThat(messages).hasSizeGreaterThan(3);
        assertThat(messages).allSatisfy(m -> assertThat(m.length()).isLessThanOrEqualTo(HtmlSplitter.TELEGRAM_LIMIT + 64));
        assertThat(messages.get(messages.size() - 1)).startsWith("🅱️ <b>Answer B</b>").endsWith("Which answer is better?");
    }

    @Test
    void fiveButtonsCarryTheVoteAndWhatWasSeen() {
        var rows = ArenaView.buttons(42, "ru").getKeyboard();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get(0).getText()).isEqualTo("A лучше");
        assertThat(rows.get(0).get(1).getText()).isEqualTo("B лучше");
        assertThat(rows.get(1).get(0).getText()).isEqualTo("Одинаково");
        assertThat(rows.get(1).get(1).getText()).isEqualTo("Оба плохие");
        assertThat(AnnotateCallback.unpack(rows.get(2).get(0).getCallbackData()))
                .contains(new AnnotateCallback(42, Shown.SKIP));
        assertThat(AnnotateCallback.unpack(rows.get(0).get(1).getCallbackData()))
                .contains(new AnnotateCallback(42, Shown.RIGHT));
    }
}
