package ru.saigabot.bot.web;

/**
 * The chat and user a web user's conversations belong to. Like an API key's, they share the tables of Telegram's
 * chats and users, so lanes, the fair queue, limits, the arena and the training export count web users too; they lie
 * below the API keys' range (-2^60 down to -2^61), where neither Telegram nor a key reaches.
 */
public final class WebIds {
    private static final long BASE = -(1L << 61);

    private WebIds() {}

    /** The chat and the user of web user {@code webUserId}: the same number, as in a private chat. */
    public static long of(long webUserId) {
        return BASE - webUserId;
    }

    /** True for the chat (or user) of a web user. */
    public static boolean isWeb(long chatOrUserId) {
        return chatOrUserId < BASE;
    }
}
