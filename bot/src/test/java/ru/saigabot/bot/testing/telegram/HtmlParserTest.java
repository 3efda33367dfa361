package ru.saigabot.bot.testing.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The emulator's parse_mode=HTML against what TDLib (and so the Bot API) does with the same text. */
class HtmlParserTest {

    private static FormattedText html(String text) {
        return FormattedText.forMessage(text, "HTML");
    }

    @Test
    void tagsBecomeEntitiesCountedInUtf16() {
        FormattedText parsed = html("😀 <b>жир</b> <i>кур</i> <u>u</u> <s>s</s> <tg-spoiler>x</tg-spoiler>");
        assertThat(parsed.plainText()).isEqualTo("😀 жир кур u s x");
        assertThat(parsed.entities()).containsExactly(
                new TextEntity("bold", 3, 3, null), new TextEntity("italic", 7, 3, null),
                new TextEntity("underline", 11, 1, null), new TextEntity("strikethrough", 13, 1, null),
                new TextEntity("spoiler", 15, 1, null));
    }

    @Test
    void preWithCodeLanguageIsOnePreEntity() {
        FormattedText parsed = html("<pre><code class=\"language-python\">print(1)</code></pre> and <code>x</code>");
        assertThat(parsed.entities()).containsExactly(new TextEntity("pre", 0, 8, null, "python"),
                new TextEntity("code", 13, 1, null));
        assertThat(html("<pre><code>x</code></pre>").entities()).as("a nested code entity is dropped")
                .containsExactly(new TextEntity("pre", 0, 1, null));
        assertThat(html("<code class=\"language-go\">x</code>").entities()).as("language only on pre")
                .containsExactly(new TextEntity("code", 0, 1, null));
    }

    @Test
    void linksQuotesAndEntities() {
        FormattedText parsed = html("<a href=\"https://e.org/?a=1&amp;b=2\">сайт</a> &lt;&gt;&amp;&quot;&#33;&#x21;&lt"
                + " &nbsp; <blockquote expandable>q</blockquote>");
        assertThat(parsed.plainText()).isEqualTo("сайт <>&\"!!< &nbsp; q");
        assertThat(parsed.entities()).containsExactly(new TextEntity("text_link", 0, 4, "https://e.org/?a=1&b=2"),
                new TextEntity("expandable_blockquote", 20, 1, null));
        assertThat(html("<a href=\"javascript:alert(1)\">x</a>").entities()).as("Telegram drops such links").isEmpty();
        assertThat(html("<a>e.org</a>").entities()).containsExactly(new TextEntity("text_link", 0, 5, "http://e.org"));
    }

    @Test
    void telegramsNestingRulesAreAppliedSilently() {
        assertThat(html("<b>a <code>c</code> b</b>").entities()).as("bold is cut around code").containsExactly(
                new TextEntity("bold", 0, 2, null), new TextEntity("code", 2, 1, null),
                new TextEntity("bold", 3, 2, null));
        assertThat(html("<b>a</b><b>b</b>").entities()).as("touching bolds merge")
                .containsExactly(new TextEntity("bold", 0, 2, null));
        assertThat(html("<blockquote>a<blockquote>b</blockquote></blockquote>").entities())
                .containsExactly(new TextEntity("blockquote", 0, 2, null));
        assertThat(html("<a href=\"https://e.org\"><code>c</code></a>").entities()).as("code wins over the link")
                .containsExactly(new TextEntity("code", 0, 1, null));
        assertThat(html("<blockquote><pre>p</pre></blockquote>").entities()).containsExactly(
                new TextEntity("blockquote", 0, 1, null), new TextEntity("pre", 0, 1, null));
    }

    @Test
    void spacesAndLineBreaksAtTheEndsAreTrimmed() {
        FormattedText parsed = html("\n <b>x</b> \n");
        assertThat(parsed.plainText()).isEqualTo(" x".strip());
        assertThat(parsed.entities()).as("leading trim stops at the first entity, then shifts it")
                .containsExactly(new TextEntity("bold", 0, 1, null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a < b|Unsupported start tag \"\" at byte offset 2",
            "<div>x</div>|Unsupported start tag \"div\" at byte offset 0",
            "ё <b>x|Can't find end tag corresponding to start tag \"b\"",
            "<b>x</i>|Unmatched end tag at byte offset 4, expected \"</b>\", found \"</i>\"",
            "x</b>|Unexpected end tag at byte offset 1",
            "<b|Unclosed start tag at byte offset 0",
            "<a href=x/y>z</a>|Unexpected end of name token at byte offset 8",
            "<a =x>z</a>|Empty attribute name in the tag \"a\" at byte offset 0",
            "<span>x</span>|Tag \"span\" must have class \"tg-spoiler\" at byte offset 0",
            "<b>x</b|Unclosed end tag at byte offset 4",
    })
    void badMarkupIsRefusedWithTelegramsWords(String text, String detail) {
        assertThatThrownBy(() -> html(text)).hasMessage("400 Bad Request: can't parse entities: " + detail);
    }

    @Test
    void theLimitCountsShownTextNotMarkup() {
        String shown = "я".repeat(FormattedText.MAX_MESSAGE_LENGTH);
        assertThat(html("<b>" + shown.replace("я", "я") + "</b>").plainText()).hasSize(4096);
        assertThat(html("&lt;".repeat(4096)).plainText()).hasSize(4096);
        assertThatThrownBy(() -> html(shown + "!")).hasMessage("400 Bad Request: message is too long");
        assertThatThrownBy(() -> html("<b> </b>")).hasMessage("400 Bad Request: message text is empty");
        assertThat(List.of(html("😀".repeat(2048)).plainText().length())).containsExactly(4096);
        assertThatThrownBy(() -> html("😀".repeat(2049))).as("UTF-16 code units, as the Bot API documents")
                .hasMessage("400 Bad Request: message is too long");
    }
}
