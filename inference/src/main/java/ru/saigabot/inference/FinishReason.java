package ru.saigabot.inference;

/** Why a generation ended. */
public enum FinishReason {
    /** The model ended its answer (end-of-sequence token or a stop string). */
    STOP,
    /** The answer reached max_tokens and was cut. */
    LENGTH,
    /** The caller cancelled it. */
    CANCELLED
}
