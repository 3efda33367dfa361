package ru.saigabot.bot.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.testing.telegram.FormattedText;
import ru.saigabot.bot.testing.telegram.TextEntity;

class AnswerFormatTest {

    @Test
    void reasoningIsFoldedAboveTheAnswer() {
        List<String> messages = AnswerFormat.messages("<think>Сначала **план**.</think>\n\nОтвет: `42`.");
        assertThat(messages).containsExactly(
                "<blockquote expandable>💭 Сначала <b>план</b>.</blockquote>\n\nОтвет: <code>42</code>.");
        FormattedText shown = FormattedText.forMessage(messages.get(0), "HTML");
        assertThat(shown.plainText()).isEqualTo("💭 Сначала план.\n\nОтвет: 42.");
        assertThat(shown.entities()).contains(new TextEntity("expandable_blockquote", 0, 16, null));
    }

    @Test
    void nothingToShowGivesNoMessage() {
        assertThat(AnswerFormat.messages("")).isEmpty();
        assertThat(AnswerFormat.messages("  <think> </think>\n")).isEmpty();
        assertThat(AnswerFormat.messages("<think>только мысли")).containsExactly(
                "<blockquote expandable>💭 только мысли</blockquote>");
    }

    @Test
    void previewShowsUnclosedThinkingAndHalfMarkdown() {
        assertThat(AnswerFormat.preview("<think>Рассуждаю о **ва")).isEqualTo(
                "<blockquote expandable>💭 Рассуждаю о **ва</blockquote> ▌");
        assertThat(AnswerFormat.preview("<thi")).isEmpty();
        assertThat(AnswerFormat.preview("<think>План</think>Вот код:\n```js\nlet a = 1 < 2"))
                .isEqualTo("<blockquote expandable>💭 План</blockquote>\n\nВот код:\n\n"
                        + "<pre><code class=\"language-js\">let a = 1 &lt; 2</code></pre> ▌");
    }

    @Test
    void aLongAnswerContinuesInMoreMessagesAndItsPreviewShowsTheLatestPart() {
        String paragraph = "Это предложение повторяется много раз, чтобы ответ стал длинным. ".repeat(20).strip();
        String answer = (paragraph + "\n\n").repeat(8).strip();
        List<String> messages = AnswerFormat.messages(answer);
        assertThat(messages).hasSizeGreaterThan(2);
        for (String message : messages) {
            assertThat(FormattedText.forMessage(message, "HTML").plainText()).hasSizeLessThanOrEqualTo(4096);
        }
        String preview = AnswerFormat.preview(answer);
        assertThat(preview).startsWith("…\n").endsWith(" ▌");
        assertThat(FormattedText.forMessage(preview, "HTML").plainText()).hasSizeLessThanOrEqualTo(4096);
    }

    @Test
    void plainTextIsWhatTheUserWouldHaveSeen() {
        assertThat(AnswerFormat.plainText("<b>a &lt; b</b> &amp; <a href=\"https://e.org\">c</a>"))
                .isEqualTo("a < b & c");
    }
}
