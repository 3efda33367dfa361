package ru.saigabot.bot.answer;

import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationResult;

/**
 * One answer as a destination shows it: while it is written (the engine's progress; called on engine threads, so
 * it must only record, never wait), then finished, failed, put aside for a restart, or withdrawn. The session calls
 * exactly one of {@link #deliver}, {@link #fail}, {@link #restarting} or {@link #withdraw}, after {@link #close}.
 */
public interface AnswerView extends GenerationListener {

    /**
     * Where the answer is shown while it is written, for the request's row: an answer resumed after a restart is
     * shown there again (a Telegram placeholder message). Null when there is nothing to keep.
     */
    Long placeholder();

    /** Stops showing progress; once it returns, nothing more is sent for the progress. Idempotent. */
    void close();

    /** Shows the finished answer (also when it was stopped: then the text so far). */
    Delivered deliver(GenerationResult result);

    /** Tells the user why there is no answer. Never throws: the request is closed as failed either way. */
    void fail(AnswerFailure failure);

    /** The bot is stopping: the answer will come after the restart. Never throws. */
    void restarting();

    /**
     * The answer will not be written after all (its request was cancelled, deleted or answered meanwhile): takes
     * back what {@link Destination#open} showed. Never throws.
     */
    void withdraw();

    /**
     * After {@link #deliver}: the answer's store is over (committed, or failed and logged). A destination that
     * hands out a reference to the stored answer (an API response's id) answers only now, so that the reference
     * already works. Called on the session's executor; never throws.
     */
    default void recorded() {}
}
