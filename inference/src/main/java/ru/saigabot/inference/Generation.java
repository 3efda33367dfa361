package ru.saigabot.inference;

import java.util.concurrent.CompletableFuture;

/** A submitted request: its outcome, and a way to stop it. */
public interface Generation {

    /**
     * Completes with the answer (also when cancelled: then with the text so far and
     * {@link FinishReason#CANCELLED}), or exceptionally with an {@link InferenceException}.
     */
    CompletableFuture<GenerationResult> result();

    /** Stops the generation, queued or running, and frees its slot. Idempotent. */
    void cancel();

    /**
     * The caller is shutting down and stops following the generation; the result completes as if
     * cancelled. Where the work runs in another process it may go on, so that a restarted caller takes
     * it up again instead of starting over; in-process work is simply cancelled.
     */
    default void detach() {
        cancel();
    }
}
