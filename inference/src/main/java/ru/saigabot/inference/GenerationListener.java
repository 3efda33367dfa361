package ru.saigabot.inference;

/**
 * Receives a generation's progress. Called from engine threads: implementations must be quick and
 * must not block (hand slow work such as network calls to another thread).
 */
public interface GenerationListener {

    /** The request waits; {@code position} is 1 for the next to start. */
    default void onQueued(int position) {}

    /** The request got a slot and the prompt is being evaluated. */
    default void onStarted() {}

    /** New text, always whole characters; concatenating every delta gives the answer. */
    void onText(String delta);

    GenerationListener NONE = delta -> {};
}
