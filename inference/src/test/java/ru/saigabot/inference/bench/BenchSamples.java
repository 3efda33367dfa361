package ru.saigabot.inference.bench;

import java.time.Duration;
import ru.saigabot.inference.GenerationStats;

/** Answers made up for the summary tests. */
final class BenchSamples {
    private BenchSamples() {
    }

    /** An answer of 11 tokens in 1 s after its first token. */
    static TurnSample answer(int user, int turn, int prompt, int cached, int newText, int dropped, long ttftMs) {
        return new TurnSample(user, turn, "", new GenerationStats(prompt, cached, 11, Duration.ZERO,
                Duration.ofMillis(ttftMs), Duration.ofMillis(ttftMs + 1000), dropped), newText, turn * 10L + user);
    }
}
