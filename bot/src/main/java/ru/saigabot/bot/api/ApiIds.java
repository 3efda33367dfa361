package ru.saigabot.bot.api;

/**
 * The chat and user an API key's requests belong to. They share the tables of Telegram's chats and users (so the
 * lanes, the fair queue, the limits and the training export treat a key as one more user), in a range no Telegram
 * id reaches: Telegram's ids have at most 52 significant bits, and supergroup ids (-10^12 - n) stay within them, so
 * nothing from Telegram reaches below -2^52. Keys take the range from -2^60 down to -2^61; web users lie below it.
 */
public final class ApiIds {
    private static final long BASE = -(1L << 60);

    private ApiIds() {}

    /** The chat and the user of key {@code keyId}: the same number. */
    public static long of(long keyId) {
        return BASE - keyId;
    }

    /** True for the chat (or user) of an API key. */
    public static boolean isApi(long chatOrUserId) {
        return chatOrUserId < BASE && chatOrUserId > BASE - (1L << 60);
    }
}
