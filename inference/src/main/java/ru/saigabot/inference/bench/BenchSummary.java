package ru.saigabot.inference.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import ru.saigabot.inference.GenerationStats;

/**
 * The figures of one benchmark run. Times in milliseconds, speeds in tokens per second.
 *
 * @param decodeTokensPerSecond    all users' generated tokens over the run's wall time
 * @param streamTokensPerSecond    each user's decode speed (their tokens after the first over their decode time)
 * @param promptTokensPerSecond    evaluated prompt tokens over the time to first token, all requests together
 * @param promptTokensByTurn       mean prompt size of each turn
 * @param evaluatedTokensByTurn    mean prompt tokens llama.cpp evaluated in each turn (the rest came from the cache)
 * @param ttftMillisByTurn         median time to first token of each turn
 */
public record BenchSummary(int users, int requests, double wallSeconds, double queueWaitMillisP50,
                           double queueWaitMillisP95, double ttftMillisP50, double ttftMillisP95, double ttftMillisP99,
                           double decodeTokensPerSecond, List<Double> streamTokensPerSecond,
                           double promptTokensPerSecond, List<Double> promptTokensByTurn,
                           List<Double> evaluatedTokensByTurn, List<Double> ttftMillisByTurn) {

    public BenchSummary {
        streamTokensPerSecond = List.copyOf(streamTokensPerSecond);
        promptTokensByTurn = List.copyOf(promptTokensByTurn);
        evaluatedTokensByTurn = List.copyOf(evaluatedTokensByTurn);
        ttftMillisByTurn = List.copyOf(ttftMillisByTurn);
    }

    public static BenchSummary of(BenchWorkload workload, BenchRunner.Run run) {
        List<TurnSample> samples = run.samples();
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a benchmark run without answers has no figures");
        }
        double wall = run.wall().toNanos() / 1e9;
        long generated = samples.stream().mapToLong(s -> s.stats().generatedTokens()).sum();
        List<Double> streams = new ArrayList<>();
        for (int user = 0; user < workload.users(); user++) {
            streams.add(streamSpeed(samples, user));
        }
        long evaluated = samples.stream().mapToLong(s -> s.stats().processedPromptTokens()).sum();
        double ttftSeconds = samples.stream().mapToDouble(s -> s.stats().timeToFirstToken().toNanos() / 1e9).sum();
        List<Double> promptByTurn = new ArrayList<>();
        List<Double> evaluatedByTurn = new ArrayList<>();
        List<Double> ttftByTurn = new ArrayList<>();
        for (int turn = 0; turn < workload.turns(); turn++) {
            List<TurnSample> ofTurn = ofTurn(samples, turn);
            promptByTurn.add(mean(ofTurn, s -> s.stats().promptTokens()));
            evaluatedByTurn.add(mean(ofTurn, s -> s.stats().processedPromptTokens()));
            ttftByTurn.add(percentile(millis(ofTurn, s -> s.stats().timeToFirstToken().toNanos()), 50));
        }
        return new BenchSummary(workload.users(), samples.size(), wall,
                percentile(millis(samples, s -> s.stats().queueWait().toNanos()), 50),
                percentile(millis(samples, s -> s.stats().queueWait().toNanos()), 95),
                percentile(millis(samples, s -> s.stats().timeToFirstToken().toNanos()), 50),
                percentile(millis(samples, s -> s.stats().timeToFirstToken().toNanos()), 95),
                percentile(millis(samples, s -> s.stats().timeToFirstToken().toNanos()), 99),
                wall > 0 ? generated / wall : 0, streams,
                ttftSeconds > 0 ? evaluated / ttftSeconds : 0, promptByTurn, evaluatedByTurn, ttftByTurn);
    }

    /**
     * How much each turn's prompt grew over the previous turn's (the whole prompt for the first): the previous answer
     * and the new question. With the prompt cache this is all llama.cpp should have to evaluate.
     */
    public List<Double> newTokensByTurn() {
        List<Double> grown = new ArrayList<>();
        for (int turn = 0; turn < promptTokensByTurn.size(); turn++) {
            grown.add(promptTokensByTurn.get(turn) - (turn == 0 ? 0 : promptTokensByTurn.get(turn - 1)));
        }
        return grown;
    }

    /** The slowest user's decode speed over the fastest's: 1 is perfectly fair. */
    public double slowestToFastest() {
        double min = streamTokensPerSecond.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = streamTokensPerSecond.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return max > 0 ? min / max : 0;
    }

    /** Nearest-rank percentile of {@code values} (not necessarily sorted); 0 for none. */
    static double percentile(double[] values, double percent) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double streamSpeed(List<TurnSample> samples, int user) {
        long tokens = 0;
        long nanos = 0;
        for (TurnSample sample : samples) {
            GenerationStats stats = sample.stats();
            if (sample.user() == user && stats.generatedTokens() > 1) {
                tokens += stats.generatedTokens() - 1;
                nanos += stats.total().minus(stats.timeToFirstToken()).toNanos();
            }
        }
        return nanos > 0 ? tokens * 1e9 / nanos : 0;
    }

    private static List<TurnSample> ofTurn(List<TurnSample> samples, int turn) {
        List<TurnSample> ofTurn = new ArrayList<>();
        for (TurnSample sample : samples) {
            if (sample.turn() == turn) {
                ofTurn.add(sample);
            }
        }
        return ofTurn;
    }

    private static double mean(List<TurnSample> samples, ToDoubleFunction<TurnSample> value) {
        return samples.stream().mapToDouble(value).average().orElse(0);
    }

    private static double[] millis(List<TurnSample> samples, ToDoubleFunction<TurnSample> nanos) {
        return samples.stream().mapToDouble(nanos).map(n -> n / 1e6).toArray();
    }
}
