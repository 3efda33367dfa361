package ru.saigabot.bot.documents;

/** A file waiting to be read: what a reader needs to fetch it and to tell its sender. */
public record QueuedDocument(long id, long chatId, Long addedBy, String fileName, String tgFileId, Long tgMessageId,
                             String mimeType, long sizeBytes, String language) {
}
