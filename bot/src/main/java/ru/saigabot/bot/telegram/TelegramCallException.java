package ru.saigabot.bot.telegram;

/**
 * A Bot API call failed.
 *
 * @param errorCode Telegram's error_code, or 0 when no answer came (network error, timeout)
 * @param retryAfterSeconds Telegram's parameters.retry_after on 429, else 0
 */
public class TelegramCallException extends RuntimeException {
    private final String method;
    private final int errorCode;
    private final int retryAfterSeconds;

    public TelegramCallException(String method, int errorCode, String description, int retryAfterSeconds, Throwable cause) {
        super(method + " failed: " + (errorCode == 0 ? "" : errorCode + " ") + description, cause);
        this.method = method;
        this.errorCode = errorCode;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String method() {
        return method;
    }

    public int errorCode() {
        return errorCode;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** No answer at all: the network, a timeout, or an unreadable body. Worth retrying. */
    public boolean isTransport() {
        return errorCode == 0;
    }

    public boolean isRetryable() {
        return isTransport() || errorCode == 429 || errorCode >= 500;
    }

    /** 401: the token is wrong or was revoked; nothing works until the operator fixes it. */
    public boolean isUnauthorized() {
        return errorCode == 401 || errorCode == 404 && method.equals("getMe");
    }

    /** 403: the user blocked the bot or it was removed from the group. */
    public boolean isForbidden() {
        return errorCode == 403;
    }

    public boolean isNotModified() {
        return errorCode == 400 && getMessage().contains("message is not modified");
    }
}
