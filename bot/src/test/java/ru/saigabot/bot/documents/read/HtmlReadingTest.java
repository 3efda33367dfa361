package ru.saigabot.bot.documents.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HtmlReadingTest {

    private final DocumentReader reader = new DocumentReader();

    @Test
    void keepsVisibleTextDropsScriptsStylesAndNavigationAndSplitsByHeadings() throws Exception {
        String html = """
                <!DOCTYPE html>
                <html><head><title>Справка</title><style>body { color: red }</style>
                <script>var secret = "не показывать";</script></head>
                <body>
                  <nav><a href="/">Главная</a> | <a href="/about">О нас</a></nav>
                  <p>Вступление   к <b>справке</b>.</p>
                  <h1>Оплата</h1>
                  <p>Оплата картой.<br>Или наличными.</p>
                  <ul><li>Visa</li><li>Мир</li></ul>
                  <h2>Возврат</h2>
                  <div>Возврат в течение <i>14</i> дней.</div>
                  <table><tr><th>Срок</th><th>Сумма</th></tr><tr><td>1 день</td><td>100%</td></tr></table>
                  <h4>Мелкий шрифт</h4><p>Условия.</p>
                  <noscript>Включите JavaScript</noscript>
                  <script>track();</script>
                </body></html>
                """;

        ReadDocument document = reader.read("help.html", "text/html", html.getBytes(StandardCharsets.UTF_8));

        assertThat(document.format()).isEqualTo(DocumentFormat.HTML);
        assertThat(document.parts()).extracting(DocumentPart::section).containsExactly(null, "Оплата", "Возврат");
        assertThat(document.parts()).extracting(DocumentPart::text).containsExactly(
                "Вступление к справке.",
                "Оплата картой.\nИли наличными.\n\nVisa\nМир",
                "Возврат в течение 14 дней.\n\nСрок\tСумма\n1 день\t100%\n\nМелкий шрифт\n\nУсловия.");
        assertThat(document.text()).doesNotContain("secret", "color", "Главная", "track", "JavaScript");
    }

    @Test
    void followsTheCharsetThePageDeclares() throws Exception {
        String html = "<html><head><meta charset=\"windows-1251\"></head><body><p>Привет, мир!</p></body></html>";

        ReadDocument document = reader.read("page.htm", null, html.getBytes(Charset.forName("windows-1251")));

        assertThat(document.text()).isEqualTo("Привет, мир!");
    }

    @Test
    void preformattedTextKeepsItsLines() throws Exception {
        String html = "<body><pre>строка 1\n    строка 2</pre></body>";

        assertThat(reader.read("a.html", null, html.getBytes(StandardCharsets.UTF_8)).text())
                .isEqualTo("строка 1\nстрока 2");
    }
}
