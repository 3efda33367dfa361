package ru.saigabot.bot.testing.telegram;

import java.time.Instant;

/** One sendMessageDraft call: a streamed partial message. Calls with the same draftId animate one draft. */
public record MessageDraft(long chatId, int draftId, Integer messageThreadId, String text, String parseMode,
                           String plainText, Instant at) {
}
