package ru.saigabot.bot.generation;

import java.util.Locale;

/** Why an answer is written: the {@code generation} row's {@code reason}. */
public enum GenerationReason {
    /** A new question. */
    MESSAGE,
    /** 🔄 under an answer: the same question answered again, the new answer replacing the old. */
    REGENERATE,
    /** The user edited their question: answered again with the new text. */
    EDIT,
    /** One side of a live battle (/arena, --arena-share). */
    ARENA;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static GenerationReason fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
