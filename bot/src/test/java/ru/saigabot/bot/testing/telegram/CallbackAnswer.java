package ru.saigabot.bot.testing.telegram;

import java.time.Instant;

/** What the bot passed to answerCallbackQuery. */
public record CallbackAnswer(String queryId, String text, boolean showAlert, String url, Instant at) {
}
