package ru.saigabot.bot.documents;

import java.time.Instant;

/** A document of a chat as /docs and {@code docs list} show it. */
public record ChatDocument(long id, long chatId, String fileName, String format, int pages, int words, int passages,
                           boolean active, boolean ready, long sizeBytes, Instant addedAt) {
}
