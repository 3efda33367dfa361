package ru.saigabot.bot.testing.telegram;

/**
 * A file a test user sent, as delivered to the bot: the message's document and caption.
 *
 * @param fileId   what the bot passes to getFile; {@link BotApiEmulator#downloads(String)} counts its downloads
 * @param mimeType as the user's client reported it; may be null
 * @param caption  null when the file came without one
 * @param updateId the update that carries it; see {@link BotApiEmulator#isConfirmed(int)}
 */
public record UserDocument(long chatId, int messageId, TestUser from, String fileId, String fileUniqueId,
                           String fileName, String mimeType, long fileSize, String caption, int updateId) {
}
