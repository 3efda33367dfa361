package ru.saigabot.bot.testing.telegram;

import java.util.List;
import java.util.Locale;

/**
 * A text after Telegram applied its parse_mode: what the user sees plus formatting entities. Public so that
 * pure tests of the bot's rendering can check their HTML against the emulator's Telegram rules.
 */
public record FormattedText(String plainText, List<TextEntity> entities) {

    public FormattedText {
        entities = List.copyOf(entities);
    }

    /** Telegram's limit for message text, counted after entity parsing. */
    public static final int MAX_MESSAGE_LENGTH = 4096;

    /**
     * {@link #of} plus the checks Telegram makes on every message text (sendMessage, edits, drafts): not empty
     * after trimming, and at most 4,096 UTF-16 code units of the text as shown (markup does not count).
     * Errors are thrown as a RuntimeException whose message is Telegram's description.
     */
    public static FormattedText forMessage(String text, String parseMode) {
        if (text == null || text.isBlank()) {
            throw ApiError.badRequest("message text is empty");
        }
        FormattedText formatted = of(text, parseMode);
        if (formatted.plainText().isEmpty()) {
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
    public static FormattedText of(String text, String parseMode) {
        if (parseMode == null || parseMode.isEmpty()) {
            return EntityRules.apply(text, List.of()); // trimmed like any text
        }
        switch (parseMode.toLowerCase(Locale.ROOT)) {
            case "html":
                return HtmlParser.parse(text);
            case "markdown":
            case "markdownv2":
                return new FormattedText(text.strip(), List.of());
            default:
                throw ApiError.badRequest("unsupported parse_mode");
        }
    }
}
