package ru.saigabot.bot.answer;

import ru.saigabot.inference.GenerationStats;

/** Told how each generation request ended: for metrics. Called on generation threads; must be quick. */
public interface GenerationObserver {

    /** The request ended; {@code stats} is null when no generation ran (refused or failed before). */
    void ended(RequestOutcome outcome, GenerationStats stats);

    GenerationObserver NONE = (outcome, stats) -> {};
}
