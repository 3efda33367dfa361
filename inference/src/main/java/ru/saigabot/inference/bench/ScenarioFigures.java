package ru.saigabot.inference.bench;

import java.util.Optional;
import ru.saigabot.inference.llama.LlamaSlotLog.Totals;

/**
 * One scenario's figures: the run with the prompt cache, for multi-turn scenarios the same conversations replayed
 * without it, llama.cpp's own timings of the cached run, and memory.
 *
 * @param scenario {@code single}, {@code users4}, {@code users4_turns10}…
 */
public record ScenarioFigures(String scenario, int turns, int slots, BenchSummary summary,
                              Optional<BenchSummary> nocache, Totals llama, MemoryFigures memory) {

    /** Mean Java-side stream speed over llama.cpp's own decode speed of the same requests: 1 means no overhead. */
    public double decodeVsLlama() {
        double ours = summary.streamTokensPerSecond().stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return llama.decodeTokensPerSecond() > 0 ? ours / llama.decodeTokensPerSecond() : 0;
    }

    /** The last turn's time to first token with the cache over the same turn without it; empty for one turn. */
    public Optional<Double> lastTurnTtftCacheToNocache() {
        return nocache.filter(n -> turns > 1).map(n -> {
            double cached = summary.ttftMillisByTurn().get(turns - 1);
            double uncached = n.ttftMillisByTurn().get(turns - 1);
            return uncached > 0 ? cached / uncached : 0;
        });
    }
}
