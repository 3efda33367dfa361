package ru.saigabot.inference.catalog;

/** A download that cannot complete; the message names the file or URL and says what to do. */
public final class DownloadException extends Exception {

    /** Why, so that callers can tell the user's problems from the hub's. */
    public enum Reason {
        /** The hub has no such repository or file (HTTP 404). */
        NOT_FOUND,
        /** The repository is gated or private and no (valid) token was given (HTTP 401/403). */
        ACCESS_DENIED,
        /** The hub could not be reached, or kept failing, after all retries. */
        UNREACHABLE,
        /** The hub's file is not the one the catalog describes: the repository was updated. */
        HUB_CHANGED,
        /** The downloaded bytes do not have the expected size or SHA-256. */
        CHECKSUM_MISMATCH,
        /** The models directory has no room for the file. */
        DISK_FULL,
        /** The models directory cannot be written (permissions, a file where a directory should be...). */
        LOCAL_IO,
        /** Another process is downloading the same file into the same directory. */
        BUSY,
        /** The hub answered with something a download cannot use (an unexpected status or range). */
        PROTOCOL
    }

    private final Reason reason;

    public DownloadException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DownloadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
