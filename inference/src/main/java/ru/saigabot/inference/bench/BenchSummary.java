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
 *                                 (the engine's count of evaluated tokens)
 */
public record BenchSummary(int users, int requests, double wallSeconds, double queueWaitMillisP50,
                           double queueWaitMillisP95, double ttftMillisP50, double ttftMillisP95, double ttftMillisP99,
                           double decodeTokensPerSecond, List<Double> streamTokensPerSecond,
                           double promptTokensPerSecond) {

    public BenchSummary {
        streamTokensPerSecond = List.copyOf(streamTokensPerSecond);
    }

    public static BenchSummary of(BenchConversations workload, BenchRunner.Run run) {
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
        return new BenchSummary(workload.users(), samples.size(), wall,
                percentile(millis(samples, s -> s.stats().queueWait().toNanos()), 50),
                percentile(millis(samples, s -> s.stats().queueWait().toNanos()), 95),
                percentile(millis(samples, s -> s.stats().timeToFirstToken().toNanos()), 50),
                percentile(millis(samples, s -> s.stats().timeToFirstToken().toNanos()), 95),
                percentile(millis(samples, s -> s.stats().timeToFirstToken().toNanos()), 99),
                wall > 0 ? generated / wall : 0, streams,
                ttftSeconds > 0 ? evaluated / ttftSeconds : 0);
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

    static double[] millis(List<TurnSample> samples, ToDoubleFunction<TurnSample> nanos) {
        return samples.stream().mapToDouble(nanos).map(n -> n / 1e6).toArray();
    }
}
