package ru.saigabot.inference.bench;

import java.util.Optional;
import ru.saigabot.inference.llama.LlamaSlotLog.Totals;

/**
 * One scenario's figures: the run with the prompt cache, for multi-turn scenarios the same conversations replayed
 * without it, llama.cpp's own timings of the cached run, what the cache saved, and memory.
 *
 * @param scenario {@code single}, {@code users4}, {@code users4_turns10}, {@code long_turns30}, {@code group200}
 * @param series   the cached run turn by turn (one turn for {@code single} and {@code usersN})
 * @param nocache  the same conversations replayed with the prompt cache off, when they were
 */
public record ScenarioFigures(String scenario, EngineSetup setup, BenchSummary summary, TurnSeries series,
                              Optional<TurnSeries> nocache, CacheFigures cache, Totals llama, MemoryFigures memory) {

    public int turns() {
        return series.turns();
    }

    /** Mean Java-side stream speed over llama.cpp's own decode speed of the same requests: 1 means no overhead. */
    public double decodeVsLlama() {
        double ours = summary.streamTokensPerSecond().stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return llama.decodeTokensPerSecond() > 0 ? ours / llama.decodeTokensPerSecond() : 0;
    }

    /** The last turn's time to first token with the cache over the same turn without it; empty for one turn. */
    public Optional<Double> lastTurnTtftCacheToNocache() {
        int last = turns() - 1;
        return nocache.filter(n -> last > 0).map(n -> {
            double cached = series.ttftMillis().get(last);
            double uncached = n.ttftMillis().get(last);
            return uncached > 0 ? cached / uncached : 0;
        });
    }
}
