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
}
