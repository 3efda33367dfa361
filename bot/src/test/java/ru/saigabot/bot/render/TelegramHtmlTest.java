package ru.saigabot.bot.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ru.saigabot.bot.testing.telegram.FormattedText;

class TelegramHtmlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "Привет, **мир**!|Привет, <b>мир</b>!",
            "*курсив* и _тоже_, snake_case_name|<i>курсив</i> и <i>тоже</i>, snake_case_name",
            "~~зачёркнуто~~, но ~5 минут ~10 человек|<s>зачёркнуто</s>, но ~5 минут ~10 человек",
            "`a < b && c`|<code>a &lt; b &amp;&amp; c</code>",
            "a & b < c > d \"q\" 'x'|a &amp; b &lt; c &gt; d \"q\" 'x'",
            "2 * 3 * 4 = 24|2 * 3 * 4 = 24",
            "**незакрытый жирный|**незакрытый жирный",
            "***оба***|<i><b>оба</b></i>",
            "**внешний **внутренний** внешний**|<b>внешний внутренний внешний</b>",
            "[Сайт](https://e.org/?a=1&b=\"2\")|<a href=\"https://e.org/?a=1&amp;b=&quot;2&quot;\">Сайт</a>",
            "[скрипт](javascript:alert(1)) и [якорь](#x)|скрипт и якорь",
            "<https://e.org>|<a href=\"https://e.org\">https://e.org</a>",
            "[`код`](https://e.org)|<a href=\"https://e.org\">код</a>",
            "![кот](https://e.org/cat.png)|<a href=\"https://e.org/cat.png\">кот</a>",
            "a <b>b</b> <script>c</script>|a &lt;b&gt;b&lt;/b&gt; &lt;script&gt;c&lt;/script&gt;",
            "---|———",
            "> > вложенная **цитата**|<blockquote>вложенная <b>цитата</b></blockquote>",
            "\\*не курсив\\*|*не курсив*",
            "&lt;b&gt; &amp;|&lt;b&gt; &amp;",
    })
    void inlineFormatting(String markdown, String html) {
        assertThat(TelegramHtml.render(markdown)).isEqualTo(html);
    }

    @Test
    void lineBreaksStay() {
        assertThat(TelegramHtml.render("строка<br>дальше\nи ещё  \nконец")).isEqualTo("строка\nдальше\nи ещё\nконец");
    }

    @Test
    void blocks() {
        assertThat(TelegramHtml.render("# Заголовок\n\nТекст\nвторая строка\n\n## Ещё"))
                .isEqualTo("<b>Заголовок</b>\n\nТекст\nвторая строка\n\n<b>Ещё</b>");
        assertThat(TelegramHtml.render("- один\n- **два**\n  - вложенный\n- три"))
                .isEqualTo("• один\n• <b>два</b>\n   • вложенный\n• три");
        assertThat(TelegramHtml.render("3. три\n4. четыре\n\n1) раз"))
                .isEqualTo("3. три\n4. четыре\n\n1) раз");
        assertThat(TelegramHtml.render("> цитата\n> дальше\n\nпосле"))
                .isEqualTo("<blockquote>цитата\nдальше</blockquote>\n\nпосле");
        assertThat(TelegramHtml.render("<div>\n<b>html</b>\n</div>\n\nтекст"))
                .isEqualTo("&lt;div&gt;\n&lt;b&gt;html&lt;/b&gt;\n&lt;/div&gt;\n\nтекст");
        assertThat(TelegramHtml.render("| Имя | **Роль** |\n|---|:-:|\n| Аня | `dev` |\n| Петя \\| Вася | a < b |"))
                .as("a table: one line per row, the header bold").isEqualTo(
                        "<b>Имя | Роль</b>\nАня | <code>dev</code>\nПетя | Вася | a &lt; b");
        assertThat(TelegramHtml.render("| a | b |\n|--")).as("half a table while streaming").isEqualTo("| a | b |\n|--");
        assertThat(TelegramHtml.render("[x]: https://e.org\n\nсм. [x]")).isEqualTo("см. <a href=\"https://e.org\">x</a>");
    }

    @Test
    void codeBlocks() {
        assertThat(TelegramHtml.render("Код:\n```python\nif a < b:\n    print(\"&\")\n```\nГотово."))
                .isEqualTo("Код:\n\n<pre><code class=\"language-python\">if a &lt; b:\n    print(\"&amp;\")"
                        + "</code></pre>\n\nГотово.");
        assertThat(TelegramHtml.render("```\nплain **not bold**\n```")).isEqualTo("<pre>плain **not bold**</pre>");
        assertThat(TelegramHtml.render("    отступ\n")).isEqualTo("<pre>отступ</pre>");
        assertThat(TelegramHtml.render("```c++ {.numbered}\nint x;\n```"))
                .isEqualTo("<pre><code class=\"language-c++\">int x;</code></pre>");
        assertThat(TelegramHtml.render("```\"><script>\nx\n```")).as("a strange info string is no language")
                .isEqualTo("<pre>x</pre>");
        assertThat(TelegramHtml.render("```\n\n```")).isEmpty();
        assertThat(TelegramHtml.render("- пункт\n\n  ```js\n  f()\n  ```"))
                .isEqualTo("• пункт\n<pre><code class=\"language-js\">f()</code></pre>");
    }

    @Test
    void halfWrittenMarkdownRendersWhileStreaming() {
        assertThat(TelegramHtml.render("Смотри:\n```java\nclass A {\n  int x"))
                .isEqualTo("Смотри:\n\n<pre><code class=\"language-java\">class A {\n  int x</code></pre>");
        assertThat(TelegramHtml.render("Это **важ")).isEqualTo("Это **важ");
        assertThat(TelegramHtml.render("[ссылка](https://e.o")).isEqualTo("[ссылка](https://e.o");
        assertThat(TelegramHtml.render("`код")).isEqualTo("`код");
    }

    @Test
    void insideAQuoteNoQuoteIsOpened() {
        assertThat(TelegramHtml.renderInsideQuote("> цитата\n\n**жирный**")).isEqualTo("цитата\n\n<b>жирный</b>");
    }

    /** Whatever the model writes, Telegram accepts the result and shows every letter of the text. */
    @Test
    void anyTextGivesHtmlTelegramAccepts() {
        String alphabet = "**__~~``*_~`#>-+1. []()!<>&\"';:/\\|\n\n\n   абвгдabcd😀https://e.org ";
        Random random = new Random(7);
        for (int round = 0; round < 3000; round++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(80);
            for (int i = 0; i < length; i++) {
                int at = random.nextInt(alphabet.length());
                if (Character.isSurrogate(alphabet.charAt(at))) {
                    text.append("😀");
                } else {
                    text.append(alphabet.charAt(at));
                }
            }
            String markdown = text.toString();
            String html = TelegramHtml.render(markdown);
            if (HtmlTokens.plainText(html).isBlank()) {
                continue;
            }
            FormattedText parsed = FormattedText.of(html, "HTML");
            if (markdown.contains("](") || markdown.contains("]:") || markdown.contains("```")
                    || markdown.contains("~~~")) {
                continue; // link targets, reference definitions and fence info strings are not shown as text
            }
            for (String word : markdown.split("[^абвгдabcd]+")) {
                assertThat(parsed.plainText()).as("from %s", markdown).contains(word);
            }
        }
    }
}
