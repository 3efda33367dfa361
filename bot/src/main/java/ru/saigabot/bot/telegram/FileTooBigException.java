package ru.saigabot.bot.telegram;

import java.util.OptionalLong;

/**
 * A file a user sent is bigger than the bot takes, or than Telegram lets bots download: nothing of it was kept. Not
 * a failure of Telegram's, so not a {@link TelegramCallException}, and checked, so that every caller tells the user
 * (say, "the file is 31 MB; send one up to 20 MB") instead of treating it as an error.
 */
public final class FileTooBigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String fileId;
    private final long sizeBytes;
    private final long limitBytes;

    /**
     * @param sizeBytes  the file's size, or -1 when unknown (Telegram refused it, or sent more than it announced)
     * @param limitBytes the limit it is over: the caller's, or Telegram's
     *                   {@link TelegramGateway#TELEGRAM_DOWNLOAD_LIMIT}
     */
    public FileTooBigException(String fileId, long sizeBytes, long limitBytes) {
        super("file " + fileId + " is too big to download: " + (sizeBytes < 0 ? "over" : sizeBytes + " bytes, over")
                + " the limit of " + limitBytes + " bytes; ask the user for a smaller file", null, false, false);
        this.fileId = fileId;
        this.sizeBytes = sizeBytes;
        this.limitBytes = limitBytes;
    }

    public String fileId() {
        return fileId;
    }

    /** The file's size when Telegram told it; empty when it only said (or showed) that the file is over the limit. */
    public OptionalLong sizeBytes() {
        return sizeBytes < 0 ? OptionalLong.empty() : OptionalLong.of(sizeBytes);
    }

    public long limitBytes() {
        return limitBytes;
    }
}
