package ru.saigabot.inference.bench;

import java.util.OptionalInt;
import ru.saigabot.inference.GenerationStats;

/**
 * One answer of the benchmark.
 *
 * @param user            whose conversation (0-based)
 * @param turn            which turn (0-based)
 * @param answer          the answer's text
 * @param stats           what it cost, as the engine tells
 * @param newTextTokens   the text this turn adds to the conversation, in tokens: see {@link BenchRunner}
 * @param finishedNanos   when the answer was complete ({@link System#nanoTime}): the order llama.cpp logs them in
 * @param llamaEvaluated  the prompt tokens llama.cpp says it evaluated for this request, from its log; empty when the
 *                        log had no line for it
 */
public record TurnSample(int user, int turn, String answer, GenerationStats stats, int newTextTokens,
                         long finishedNanos, OptionalInt llamaEvaluated) {

    public TurnSample(int user, int turn, String answer, GenerationStats stats, int newTextTokens, long finishedNanos) {
        this(user, turn, answer, stats, newTextTokens, finishedNanos, OptionalInt.empty());
    }

    /** llama.cpp's count where its log has one, the engine's own otherwise. */
    public int evaluated() {
        return llamaEvaluated.orElse(stats.processedPromptTokens());
    }

    public TurnSample withLlamaEvaluated(int evaluated) {
        return new TurnSample(user, turn, answer, stats, newTextTokens, finishedNanos, OptionalInt.of(evaluated));
    }
}
