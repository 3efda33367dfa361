package ru.saigabot.bot.generation;

import java.util.Locale;

/** Which variant of a live battle answers: side a ({@code --arena-a}) or side b ({@code --arena-b}). */
public enum ArenaSide {
    A,
    B;

    public ArenaSide other() {
        return this == A ? B : A;
    }

    /** "a" or "b", as {@code generation.arena_side} and the votes store it. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ArenaSide fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
