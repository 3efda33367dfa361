package ru.saigabot.bot.documents;

/**
 * A file to read into a chat's documents.
 *
 * @param addedBy     who sent it; null for an operator's {@code docs add}
 * @param tgFileId    Telegram's id to download it by; null for a file read from disk
 * @param tgMessageId the message that carried it, to reply to; null from disk
 * @param language    the language to tell its sender in, once it is read
 */
public record NewDocument(long chatId, Long addedBy, String fileName, String tgFileId, Long tgMessageId,
                          String mimeType, long sizeBytes, String language) {
}
