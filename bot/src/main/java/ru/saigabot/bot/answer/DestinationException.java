package ru.saigabot.bot.answer;

/** A destination cannot show an answer: for good ({@link #gone}), or not now (tried again later). */
public final class DestinationException extends RuntimeException {
    private final boolean gone;

    private DestinationException(String message, Throwable cause, boolean gone) {
        super(message, cause);
        this.gone = gone;
    }

    /** Nobody to answer: the user blocked the bot, it was removed from the group, or the chat does not exist. */
    public static DestinationException gone(String message, Throwable cause) {
        return new DestinationException(message, cause, true);
    }

    /** Unreachable for now (Telegram did not answer even after the gateway's retries). */
    public static DestinationException unreachable(String message, Throwable cause) {
        return new DestinationException(message, cause, false);
    }

    public boolean gone() {
        return gone;
    }
}
