package ru.saigabot.bot.testing.telegram;

/** A button press enqueued as a {@code callback_query} update. */
public record CallbackPress(String queryId, int updateId, long chatId, int messageId, String data) {
}
