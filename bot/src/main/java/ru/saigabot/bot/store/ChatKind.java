package ru.saigabot.bot.store;

import java.util.Locale;

/** Telegram's chat types. */
public enum ChatKind {
    PRIVATE,
    GROUP,
    SUPERGROUP,
    CHANNEL;

    public static ChatKind of(String telegramType) {
        return valueOf(telegramType.toUpperCase(Locale.ROOT));
    }

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
