package ru.saigabot.inference.bench;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What the prompt cache saved in one run (issue #20's figures). Evaluated counts are llama.cpp's own, from its log
 * ({@link TurnSample#evaluated()}).
 *
 * @param firstOverflowTurn          the first turn (1-based) at which some conversation no longer fitted its context
 *                                   and old turns were dropped; empty when none did
 * @param evaluatedToNew             the mean over turns 2..T of the turn's evaluated tokens over its new text (see
 *                                   {@link BenchRunner}): 1 is a perfect cache, more is text evaluated again
 * @param evaluatedToNewPastOverflow the same mean over the turns from the first overflow on, that turn included
 * @param ttftPastOverflowCacheToNocache the median time to first token of the turns from the first overflow on, with
 *                                   the cache, over the same median when the run was replayed without it
 * @param hitRate                    the share of all prompt tokens that came from the cache, as the engine counts
 *                                   them: sum of cached tokens over sum of prompt tokens
 * @param llamaHitRate               the same by llama.cpp's log: 1 - evaluated / prompt tokens, over the answers found
 *                                   in the log; empty when none was
 * @param llamaMatched               answers found in llama.cpp's log
 */
public record CacheFigures(OptionalInt firstOverflowTurn, OptionalDouble evaluatedToNew,
                           OptionalDouble evaluatedToNewPastOverflow, OptionalDouble ttftPastOverflowCacheToNocache,
                           double hitRate, OptionalDouble llamaHitRate, int llamaMatched) {

    public static CacheFigures of(TurnSeries series, List<TurnSample> samples, Optional<List<TurnSample>> nocache) {
        OptionalInt overflow = OptionalInt.empty();
        for (int turn = 0; turn < series.turns(); turn++) {
            if (series.droppedTurns().get(turn) > 0) {
                overflow = OptionalInt.of(turn + 1);
                break;
            }
        }
        OptionalDouble pastOverflow = overflow.isPresent()
                ? meanRatio(series, overflow.getAsInt() - 1) : OptionalDouble.empty();
        OptionalDouble ttftRatio = OptionalDouble.empty();
        if (overflow.isPresent() && nocache.isPresent()) {
            double cached = medianTtftFrom(samples, overflow.getAsInt() - 1);
            double uncached = medianTtftFrom(nocache.get(), overflow.getAsInt() - 1);
            ttftRatio = uncached > 0 ? OptionalDouble.of(cached / uncached) : OptionalDouble.empty();
        }
        long prompt = samples.stream().mapToLong(s -> s.stats().promptTokens()).sum();
        long cached = samples.stream().mapToLong(s -> s.stats().cachedPromptTokens()).sum();
        List<TurnSample> logged = samples.stream().filter(s -> s.llamaEvaluated().isPresent()).toList();
        long loggedPrompt = logged.stream().mapToLong(s -> s.stats().promptTokens()).sum();
        long loggedEvaluated = logged.stream().mapToLong(TurnSample::evaluated).sum();
        return new CacheFigures(overflow, series.turns() > 1 ? meanRatio(series, 1) : OptionalDouble.empty(),
                pastOverflow, ttftRatio, prompt > 0 ? (double) cached / prompt : 0,
                loggedPrompt > 0 ? OptionalDouble.of(1 - (double) loggedEvaluated / loggedPrompt) : OptionalDouble.empty(),
                logged.size());
    }

    /** The mean, over turns {@code from} (0-based) to the last, of evaluated over new text. */
    static OptionalDouble meanRatio(TurnSeries series, int from) {
        double sum = 0;
        int turns = 0;
        for (int turn = from; turn < series.turns(); turn++) {
            double added = series.newTextTokens().get(turn);
            if (added > 0) {
                sum += series.llamaEvaluatedTokens().get(turn) / added;
                turns++;
            }
        }
        return turns > 0 ? OptionalDouble.of(sum / turns) : OptionalDouble.empty();
    }

    private static double medianTtftFrom(List<TurnSample> samples, int from) {
        return BenchSummary.percentile(BenchSummary.millis(samples.stream().filter(s -> s.turn() >= from).toList(),
                s -> s.stats().timeToFirstToken().toNanos()), 50);
    }
}
