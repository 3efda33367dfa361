package ru.saigabot.bot.testing.telegram;

/**
 * A Bot API {@code MessageEntity}. Offsets and lengths are in UTF-16 code units, exactly as Telegram
 * counts them (and as Java strings index).
 *
 * @param url only for {@code text_link}
 */
public record TextEntity(String type, int offset, int length, String url) {
}
