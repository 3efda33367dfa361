package ru.saigabot.bot.render;

import java.util.List;

/**
 * How a model's text becomes Telegram messages (parse_mode HTML): reasoning folded into an expandable quote,
 * the answer's Markdown as Telegram HTML, and all of it cut into messages Telegram accepts.
 */
public final class AnswerFormat {
    /** Shown after a streamed answer while it is still being written. */
    static final String CURSOR = " ▌";
    /** Marks the folded quote as the model's thinking, in any language. */
    static final String THOUGHTS_MARK = "💭 ";
    /** In front of a streamed answer that has outgrown one message: its earlier part is not shown. */
    static final String CONTINUED = "…\n";

    private AnswerFormat() {}

    /** The finished answer as HTML messages, in order; none when the model wrote nothing to show. */
    public static List<String> messages(String modelText) {
        return HtmlSplitter.split(html(ThinkBlocks.separate(modelText, false)), HtmlSplitter.TELEGRAM_LIMIT);
    }

    /**
     * One HTML message showing an answer that is still being written: its latest part and a cursor; empty
     * while there is nothing to show yet. Half-written Markdown and an unclosed think block render too.
     */
    public static String preview(String partialText) {
        String html = html(ThinkBlocks.separate(partialText, true));
        List<String> parts = HtmlSplitter.split(html,
                HtmlSplitter.TELEGRAM_LIMIT - CURSOR.length() - CONTINUED.length());
        if (parts.isEmpty()) {
            return "";
        }
        return (parts.size() > 1 ? CONTINUED : "") + parts.get(parts.size() - 1) + CURSOR;
    }

    /** The text a user sees of {@code html}: what is sent when Telegram refuses the formatting. */
    public static String plainText(String html) {
        return HtmlTokens.plainText(html);
    }

    static String html(ThinkBlocks.Separated separated) {
        StringBuilder out = new StringBuilder();
        String thoughts = TelegramHtml.renderInsideQuote(separated.thoughts());
        if (!thoughts.isEmpty()) {
            out.append("<blockquote expandable>").append(THOUGHTS_MARK).append(thoughts).append("</blockquote>");
        }
        String answer = TelegramHtml.render(separated.answer());
        if (!answer.isEmpty()) {
            out.append(out.length() > 0 ? "\n\n" : "").append(answer);
        }
        return out.toString();
    }
}
