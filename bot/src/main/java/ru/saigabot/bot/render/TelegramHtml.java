package ru.saigabot.bot.render;

import java.util.List;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;

/**
 * The model's Markdown as Telegram HTML (parse_mode HTML): bold, italics, strikethrough, inline code, code
 * blocks with their language, links and quotes become Telegram's tags; what Telegram cannot show becomes text:
 * headings bold lines, list items with "•" or their number, images links, table rows their cells between
 * " | " (the header bold), the model's own HTML its text; every other character is escaped.
 *
 * <p>Any input gives well-formed HTML, so half-written Markdown in a streamed answer (an unclosed
 * <code>```</code> or <code>**</code>) is fine too: CommonMark runs an unclosed fence to the end of the text
 * and leaves an unmatched <code>**</code> as it is.
 */
public final class TelegramHtml {
    /** The parser is thread-safe and its setup costs more than a short parse: one for all. */
    private static final Parser PARSER = Parser.builder()
            // "~5 minutes ~10 people" must not be struck through: only ~~this~~ is.
            .extensions(List.of(StrikethroughExtension.builder().requireTwoTildes(true).build(),
                    TablesExtension.create()))
            .build();

    private TelegramHtml() {}

    public static String render(String markdown) {
        return render(markdown, false);
    }

    /** For text that will be put inside a blockquote: Telegram does not nest quotes, so none are made. */
    public static String renderInsideQuote(String markdown) {
        return render(markdown, true);
    }

    private static String render(String markdown, boolean insideQuote) {
        HtmlWriter writer = new HtmlWriter(insideQuote);
        PARSER.parse(markdown).accept(writer);
        return writer.html().strip();
    }

    /** Escapes text between tags: Telegram reads only &amp;, &lt; and &gt; there. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        appendEscaped(out, text, false);
        return out.toString();
    }

    static void appendEscaped(StringBuilder out, CharSequence text, boolean attribute) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                default -> out.append(c);
            }
        }
    }
}
