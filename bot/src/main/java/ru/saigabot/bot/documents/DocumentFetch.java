package ru.saigabot.bot.documents;

import ru.saigabot.bot.documents.read.DocumentRefused;

/** Where a queued file's bytes come from: Telegram's file storage for a file a user sent. */
@FunctionalInterface
public interface DocumentFetch {

    /**
     * @throws DocumentRefused with {@code TOO_BIG} when the file has more than {@code maxBytes}
     * @throws Unavailable     when it cannot be fetched now (network, Telegram busy): worth another try later
     */
    byte[] fetch(QueuedDocument document, long maxBytes) throws DocumentRefused, Unavailable;

    /** The file could not be fetched now; {@code retryable} false when it never will (Telegram forgot it). */
    final class Unavailable extends Exception {
        private final boolean retryable;

        public Unavailable(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }
}
