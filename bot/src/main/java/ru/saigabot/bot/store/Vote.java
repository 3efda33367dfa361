package ru.saigabot.bot.store;

/** A user's verdict on an answer. */
public enum Vote {
    UP(1),
    DOWN(-1);

    private final int value;

    Vote(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }
}
