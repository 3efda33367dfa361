package ru.saigabot.bot.testing.telegram;

import java.util.List;
import java.util.Locale;

/** A text after Telegram applied its parse_mode: what the user sees plus formatting entities. */
record FormattedText(String plainText, List<TextEntity> entities) {

    FormattedText {
        entities = List.copyOf(entities);
    }

    /** Telegram's limit for message text, counted after entity parsing. */
    static final int MAX_MESSAGE_LENGTH = 4096;

    /** {@link #of} plus the checks Telegram makes on every message text (sendMessage, edits, drafts). */
    static FormattedText forMessage(String text, String parseMode) {
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("message text is empty");
        }
        FormattedText formatted = of(text, parseMode);
        if (formatted.plainText().isBlank()) {
            throw ApiError.badRequest("message text is empty"); // e.g. "<b> </b>"
        }
        if (formatted.plainText().length() > MAX_MESSAGE_LENGTH) {
            throw ApiError.badRequest("message is too long");
        }
        return formatted;
    }

    /**
     * Applies a parse_mode the way Telegram does for HTML. Markdown and MarkdownV2 are accepted but not
     * parsed (their escaping rules are too intricate to emulate cheaply): the text is taken literally.
     */
    static FormattedText of(String text, String parseMode) {
        if (parseMode == null || parseMode.isEmpty()) {
            return new FormattedText(text, List.of());
        }
        switch (parseMode.toLowerCase(Locale.ROOT)) {
            case "html":
                return HtmlParser.parse(text);
            case "markdown":
            case "markdownv2":
                return new FormattedText(text, List.of());
            default:
                throw ApiError.badRequest("unsupported parse_mode");
        }
    }
}
