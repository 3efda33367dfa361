package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One state of a message: the original send or one edit.
 *
 * @param text        text as the bot sent it (with HTML tags if parse_mode was HTML)
 * @param parseMode   as sent; null for plain text
 * @param plainText   what the user sees: tags stripped and HTML entities decoded for parse_mode HTML;
 *                    equal to {@code text} otherwise (Markdown is not parsed)
 * @param entities    formatting derived from the HTML tags (empty for other parse modes)
 * @param replyMarkup reply_markup as sent, any kind; null when none (an edit without reply_markup
 *                    removes an inline keyboard in Telegram, so it is null then too)
 */
public record MessageVersion(Instant at, String text, String parseMode, String plainText,
                             List<TextEntity> entities, JsonNode replyMarkup) {

    public MessageVersion {
        entities = List.copyOf(entities);
        replyMarkup = replyMarkup == null ? null : replyMarkup.deepCopy();
    }

    /** A copy: message history is immutable. */
    @Override
    public JsonNode replyMarkup() {
        return replyMarkup == null ? null : replyMarkup.deepCopy();
    }

    /** Rows of inline buttons; empty when the markup is absent or not an inline keyboard. */
    public List<List<InlineButton>> inlineKeyboard() {
        return InlineKeyboards.rows(replyMarkup);
    }

    /** The reply markup Telegram would echo back in a Message: only inline keyboards are. */
    JsonNode inlineMarkup() {
        return InlineKeyboards.isInline(replyMarkup) ? replyMarkup : null; // read-only use by the emulator
    }
}
