package ru.saigabot.bot.telegram;

/** Told about every call to Telegram that got an answer or failed: for metrics. Must be quick. */
@FunctionalInterface
public interface TelegramCallListener {

    /** The outcome of a call that Telegram did not answer at all (timeout, refused connection). */
    String NETWORK = "network";
    /** The outcome of a successful call. */
    String OK = "ok";

    /**
     * One attempt at {@code method} ended: {@link #OK}, {@link #NETWORK}, or Telegram's error code
     * ("429", "400", …). Retries are separate calls.
     */
    void called(String method, String outcome);

    TelegramCallListener NONE = (method, outcome) -> {};
}
