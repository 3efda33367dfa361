package ru.saigabot.inference.bench;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Tells the operator, on stderr, how long a bench will take and how far it got: what it will do before it starts,
 * the estimate once the first answer has measured the machine ({@link BenchEstimate}), and then a line at most every
 * {@link #INTERVAL} with the run, the answer and the speed so far. The remaining time is the estimate of what is left,
 * scaled by how the estimate of what is done compared with the time it took. Thread-safe: the conversations' threads
 * report their answers.
 */
public final class BenchProgress implements BenchRunner.Listener {
    /** The least time between two progress lines. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);

    private final List<PlannedRun> runs;
    private final int engineLoads;
    private final Consumer<String> out;
    private final LongSupplier nanoClock;
    private final long startedNanos;
    private long lastLineNanos;
    private BenchEstimate.Speeds speeds;
    private double loadSeconds;
    private int loadsDone;
    private int runIndex = -1;
    private int answersInRun;
    private long generatedInRun;
    private long evaluatedInRun;
    private long runStartedNanos;
    /** Estimated seconds of the runs finished before the current one. */
    private double estimatedDone;

    /**
     * @param runs        every run the bench will make, in order
     * @param engineLoads how many times it will load the model
     * @param nanoClock   {@link System#nanoTime} but in tests
     */
    public BenchProgress(List<PlannedRun> runs, int engineLoads, Consumer<String> out, LongSupplier nanoClock) {
        this.runs = List.copyOf(runs);
        this.engineLoads = engineLoads;
        this.out = out;
        this.nanoClock = nanoClock;
        this.startedNanos = nanoClock.getAsLong();
        this.lastLineNanos = startedNanos;
        int answers = runs.stream().mapToInt(PlannedRun::answers).sum();
        out.accept("bench: " + runs.size() + (runs.size() == 1 ? " run" : " runs") + " of " + answers + " answers on "
                + engineLoads + (engineLoads == 1 ? " model load" : " model loads")
                + "; the first answer will tell how long it takes");
    }

    /** The model was loaded, in {@code took}: the first load is the estimate of the others. */
    public synchronized void engineLoaded(Duration took) {
        if (loadsDone++ == 0) {
            loadSeconds = took.toNanos() / 1e9;
        }
    }

    /** The next planned run begins. */
    public synchronized void runStarted() {
        if (runIndex >= 0 && speeds != null) {
            estimatedDone += BenchEstimate.seconds(runs.get(runIndex), speeds);
        }
        runIndex++;
        answersInRun = 0;
        generatedInRun = 0;
        evaluatedInRun = 0;
        runStartedNanos = nanoClock.getAsLong();
    }

    @Override
    public synchronized void answered(TurnSample sample) {
        if (runIndex < 0 || runIndex >= runs.size()) {
            return;
        }
        PlannedRun run = runs.get(runIndex);
        answersInRun++;
        generatedInRun += sample.stats().generatedTokens();
        evaluatedInRun += sample.stats().processedPromptTokens();
        long now = nanoClock.getAsLong();
        if (speeds == null) {
            speeds = BenchEstimate.Speeds.of(sample, run);
            out.accept(String.format(Locale.ROOT, "bench: the first answer measured prompt %.0f tokens/s and decode "
                            + "%.1f tokens/s (all slots together): the whole bench should take about %s",
                    speeds.promptTokensPerSecond(), speeds.decodeTokensPerSecond(),
                    duration(Duration.ofMillis((long) (totalEstimate() * 1000)))));
            lastLineNanos = now;
            return;
        }
        if (now - lastLineNanos < INTERVAL.toNanos()) {
            return;
        }
        lastLineNanos = now;
        double runSeconds = (now - runStartedNanos) / 1e9;
        out.accept(String.format(Locale.ROOT, "bench: %s: answer %d of %d; so far %.1f tokens/s generated, %.0f prompt "
                        + "tokens/s evaluated; %s elapsed%s", run.label(), answersInRun, run.answers(),
                runSeconds > 0 ? generatedInRun / runSeconds : 0, runSeconds > 0 ? evaluatedInRun / runSeconds : 0,
                clock(Duration.ofNanos(now - startedNanos)), left(now).map(d -> ", about " + duration(d) + " left")
                        .orElse("")));
    }

    /** The last line: how long the whole bench took. */
    public synchronized void finished() {
        out.accept("bench: done in " + duration(Duration.ofNanos(nanoClock.getAsLong() - startedNanos)));
    }

    private double totalEstimate() {
        return runs.stream().mapToDouble(run -> BenchEstimate.seconds(run, speeds)).sum() + engineLoads * loadSeconds;
    }

    /** What is left: its estimate, scaled by how the estimate of what is done compares with the time it took. */
    private Optional<Duration> left(long now) {
        PlannedRun run = runs.get(runIndex);
        double current = BenchEstimate.seconds(run, speeds);
        double done = estimatedDone + current * answersInRun / Math.max(1, run.answers()) + loadsDone * loadSeconds;
        double total = totalEstimate();
        double elapsed = (now - startedNanos) / 1e9;
        if (done <= 0 || total <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) (Math.max(0, total - done) * elapsed / done * 1000)));
    }

    /** A duration as people say it: {@code 45 s}, {@code 3 min 05 s}, {@code 2 h 10 min}. */
    public static String duration(Duration d) {
        long seconds = Math.round(d.toMillis() / 1000.0);
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        long minutes = Math.round(seconds / 60.0);
        return String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
    }

    /** Elapsed time as a clock: {@code 0:42}, {@code 12:05}, {@code 1:02:03}. */
    public static String clock(Duration d) {
        long seconds = d.toSeconds();
        return seconds < 3600 ? String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
