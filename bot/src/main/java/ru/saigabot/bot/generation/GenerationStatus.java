package ru.saigabot.bot.generation;

import java.util.Locale;

/**
 * Where a request for an answer is in its life, as the {@code generation} row's {@code status} says:
 * {@code queued → running → done | failed}, or {@code queued → cancelled} (/stop, /new). A running request left
 * by a restart is run again. Only {@link GenerationRepository} moves a request from one state to the next.
 */
public enum GenerationStatus {
    QUEUED,
    RUNNING,
    /** The answer is stored ({@code answer_message_id}). */
    DONE,
    /** No answer: refused, failed in the engine, nothing to show, or nobody to show it to. */
    FAILED,
    /** Dropped while it waited. */
    CANCELLED;

    /** Waiting or being written: what counts against a user's open requests. */
    public boolean open() {
        return this == QUEUED || this == RUNNING;
    }

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static GenerationStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
