package ru.saigabot.bot.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.testing.telegram.FormattedText;
import ru.saigabot.bot.testing.telegram.TextEntity;

class HtmlSplitterTest {

    /** Every part is accepted by Telegram's HTML rules and within the limit as Telegram counts it. */
    private static List<String> split(String html, int limit) {
        List<String> parts = HtmlSplitter.split(html, limit);
        for (String part : parts) {
            assertThat(FormattedText.of(part, "HTML").plainText().length()).as(part).isLessThanOrEqualTo(limit);
        }
        return parts;
    }

    private static String shown(String part) {
        return FormattedText.of(part, "HTML").plainText();
    }

    @Test
    void shortTextStaysWholeAndEmptyGivesNothing() {
        assertThat(split("<b>Привет</b>!", 4096)).containsExactly("<b>Привет</b>!");
        assertThat(split("", 4096)).isEmpty();
        assertThat(split("<b> </b>\n", 4096)).isEmpty();
        assertThatThrownBy(() -> HtmlSplitter.split("x", 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bordersInOrderOfPreference() {
        String sentence = "Первое предложение тут. ";
        String text = sentence.repeat(3) + "\n\n" + sentence.repeat(2) + "\nещё строка";
        assertThat(split(text, 120)).as("paragraph").first().isEqualTo(sentence.repeat(3).strip());
        assertThat(split(sentence.repeat(3) + "\n" + sentence.repeat(3), 100)).as("line")
                .first().isEqualTo(sentence.repeat(3).strip());
        assertThat(split(sentence.repeat(6), 100)).as("sentence").first().isEqualTo(sentence.repeat(4).strip());
        assertThat(split("слово ".repeat(30), 40)).as("space").first().isEqualTo("слово ".repeat(6).strip());
        assertThat(split("я".repeat(50), 20)).as("anywhere").containsExactly("я".repeat(20), "я".repeat(20),
                "я".repeat(10));
    }

    @Test
    void aBorderTooEarlyLosesToALesserOneLater() {
        String text = "Абзац.\n\n" + "слово ".repeat(20);
        assertThat(split(text, 60).get(0)).startsWith("Абзац.\n\nслово").hasSizeGreaterThan(30);
    }

    @Test
    void tagsOpenAtACutAreClosedAndReopened() {
        String html = "<blockquote expandable>💭 <i>" + "думаю дальше ".repeat(10) + "</i></blockquote>\n\n<b>итог</b>";
        List<String> parts = split(html, 60);
        assertThat(parts.get(0)).startsWith("<blockquote expandable>💭 <i>думаю").endsWith("</i></blockquote>");
        assertThat(parts.get(1)).startsWith("<blockquote expandable><i>думаю");
        String link = "<a href=\"https://e.org/?a=1&amp;b=2\">" + "текст ссылки ".repeat(8) + "</a>";
        for (String part : split(link, 50)) {
            assertThat(FormattedText.of(part, "HTML").entities())
                    .containsExactly(new TextEntity("text_link", 0, shown(part).length(), "https://e.org/?a=1&b=2"));
        }
    }

    @Test
    void linksAndInlineCodeAreNotCutWhileThereIsAnotherSpace() {
        String html = "слово ".repeat(5) + "<a href=\"https://e.org\">длинная ссылка из слов</a> <code>a b c d</code> конец";
        List<String> parts = split(html, 40);
        assertThat(parts.get(0)).isEqualTo("слово ".repeat(5).strip());
        assertThat(parts.get(1)).startsWith("<a href=\"https://e.org\">длинная ссылка из слов</a>");
    }

    @Test
    void aCodeBlockThatFitsMovesWholeToTheNextMessage() {
        String code = "<pre><code class=\"language-python\">" + "x = 1\n".repeat(8).strip() + "</code></pre>";
        String html = "Короткое вступление.\n\n" + code + "\n\nпосле";
        List<String> parts = split(html, 60);
        assertThat(parts).containsExactly("Короткое вступление.", code + "\n\nпосле");
    }

    @Test
    void aLongCodeBlockIsCutAtLinesAndReopenedWithItsLanguage() {
        String lines = "print(\"строка &lt;%d&gt;\")\n";
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            code.append(lines.replace("%d", String.valueOf(i)));
        }
        String html = "<pre><code class=\"language-python\">" + code.toString().strip() + "</code></pre>";
        List<String> parts = split(html, 200);
        assertThat(parts).hasSizeGreaterThan(4);
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            assertThat(part).startsWith("<pre><code class=\"language-python\">print(").endsWith("\")</code></pre>");
            FormattedText shown = FormattedText.of(part, "HTML");
            assertThat(shown.entities()).containsExactly(new TextEntity("pre", 0, shown.plainText().length(), null,
                    "python"));
            joined.append(shown.plainText()).append('\n');
        }
        assertThat(joined.toString().strip()).isEqualTo(FormattedText.of(html, "HTML").plainText());
    }

    @Test
    void neverCutsAPairOrALetterFromItsAccent() {
        for (String part : split("😀".repeat(30), 17)) {
            assertThat(Character.isHighSurrogate(part.charAt(part.length() - 1))).isFalse();
        }
        String decomposed = "и\u0306".repeat(30); // й written as и + combining breve
        assertThat(split(decomposed, 17)).containsExactly("и\u0306".repeat(8), "и\u0306".repeat(8),
                "и\u0306".repeat(8), "и\u0306".repeat(6));
        String family = "👨\u200D👩\u200D👧";
        for (String part : split(family.repeat(10), 20)) {
            assertThat(part).doesNotStartWith("\u200D").endsWith("👧");
        }
    }

    @Test
    void entitiesCountAsOneCharacter() {
        List<String> parts = split("&lt;&amp;&gt;".repeat(20), 30);
        assertThat(parts).hasSize(2).allSatisfy(part -> assertThat(shown(part)).hasSize(30));
    }

    /** Rendered random Markdown, cut small: every part valid, and no visible character lost or added. */
    @Test
    void randomAnswersKeepEveryCharacter() {
        String alphabet = "**__~~``*_> -1.#\n\n  абвгд efgh😀.!?";
        Random random = new Random(11);
        for (int round = 0; round < 500; round++) {
            StringBuilder markdown = new StringBuilder();
            int length = 50 + random.nextInt(400);
            for (int i = 0; i < length; i++) {
                int at = random.nextInt(alphabet.length());
                markdown.append(Character.isSurrogate(alphabet.charAt(at)) ? "😀" : String.valueOf(alphabet.charAt(at)));
            }
            String html = TelegramHtml.render(markdown.toString());
            int limit = 16 + random.nextInt(100);
            StringBuilder joined = new StringBuilder();
            for (String part : split(html, limit)) {
                joined.append(shown(part));
            }
            String whole = FormattedText.of(html.isEmpty() ? "" : html, "HTML").plainText();
            assertThat(joined.toString().replaceAll("\\s", "")).as("%s at %d", markdown, limit)
                    .isEqualTo(whole.replaceAll("\\s", ""));
        }
    }
}
