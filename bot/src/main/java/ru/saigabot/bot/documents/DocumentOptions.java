package ru.saigabot.bot.documents;

import ru.saigabot.bot.config.ConfigException;

/**
 * How the bot takes documents.
 *
 * @param maxDocumentMb the largest file read, in megabytes; Telegram lets bots download files up to 20 MB
 */
public record DocumentOptions(int maxDocumentMb) {
    /** What the Bot API lets a bot download (getFile). */
    public static final int TELEGRAM_DOWNLOAD_LIMIT_MB = 20;
    public static final DocumentOptions DEFAULTS = new DocumentOptions(TELEGRAM_DOWNLOAD_LIMIT_MB);

    public DocumentOptions {
        if (maxDocumentMb < 1 || maxDocumentMb > 2000) {
            throw new ConfigException("--max-document-mb must be between 1 and 2000, got " + maxDocumentMb
                    + "; Telegram's Bot API hands bots files up to " + TELEGRAM_DOWNLOAD_LIMIT_MB + " MB");
        }
    }

    public long maxBytes() {
        return maxDocumentMb * 1024L * 1024L;
    }
}
