package ru.saigabot.inference.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import ru.saigabot.inference.llama.LlamaEngine;
import ru.saigabot.inference.llama.LlamaEngineConfig;
import ru.saigabot.inference.llama.LlamaSlotLog;
import ru.saigabot.inference.llama.LlamaSlotLog.PromptEvaluation;
import ru.saigabot.inference.llama.LlamaSlotLog.Totals;

/**
 * Makes the runs of a {@link BenchPlan} in order, loading the model again whenever the engine settings change, and
 * reports each scenario's figures when they are complete: at once for one-turn scenarios, after the replay without
 * the cache for the others. llama.cpp's own log of the cached runs is kept in a temporary file per load.
 */
public final class BenchSuite {
    /** How long llama.cpp may take to write a finished request's timings to its log. */
    private static final Duration LOG_WAIT = Duration.ofSeconds(10);

    private final BenchPlan plan;
    private final BenchProgress progress;
    private final Consumer<ScenarioFigures> report;

    public BenchSuite(BenchPlan plan, BenchProgress progress, Consumer<ScenarioFigures> report) {
        this.plan = plan;
        this.progress = progress;
        this.report = report;
    }

    /** The result of a scenario's run with the cache, waiting for its replay. */
    private record Cached(BenchRunner.Run run, TurnSeries series, BenchSummary summary, Totals llama,
                          MemoryFigures memory, EngineSetup setup) {}

    public void run() throws IOException, InterruptedException {
        List<PlannedRun> runs = plan.runs();
        Map<String, Cached> awaitingReplay = new HashMap<>();
        int index = 0;
        while (index < runs.size()) {
            LlamaEngineConfig config = runs.get(index).engine();
            List<PlannedRun> onThisLoad = new ArrayList<>();
            while (index < runs.size() && runs.get(index).engine().equals(config)) {
                onThisLoad.add(runs.get(index++));
            }
            Path nativeLog = config.promptCache() ? Files.createTempFile("saiga-bench-llama-", ".log") : null;
            long loading = System.nanoTime();
            try (LlamaEngine engine = LlamaEngine.load(config.withNativeLog(nativeLog))) {
                progress.engineLoaded(Duration.ofNanos(System.nanoTime() - loading));
                BenchRunner runner = new BenchRunner(engine, engine::promptTokens, progress, plan.reading());
                LogCursor log = nativeLog == null ? null : new LogCursor(nativeLog);
                for (PlannedRun planned : onThisLoad) {
                    progress.runStarted();
                    if (planned.promptCache()) {
                        measure(runner, log, planned, awaitingReplay);
                    } else {
                        replay(runner, planned, awaitingReplay.remove(key(planned)));
                    }
                }
            } finally {
                if (nativeLog != null) {
                    Files.deleteIfExists(nativeLog);
                }
            }
        }
        if (!awaitingReplay.isEmpty()) {
            throw new IllegalStateException("scenarios never replayed without the cache: " + awaitingReplay.keySet());
        }
        progress.finished();
    }

    private void measure(BenchRunner runner, LogCursor log, PlannedRun planned, Map<String, Cached> awaitingReplay)
            throws IOException, InterruptedException {
        BenchRunner.Run run = runner.run(planned.workload(), planned.label());
        List<PromptEvaluation> lines = log.next(run.samples().size());
        run = run.withSamples(LlamaMatch.attach(run.samples(), lines));
        EngineSetup setup = EngineSetup.of(planned.engine());
        Cached cached = new Cached(run, TurnSeries.of(planned.workload().turns(), run.samples()),
                BenchSummary.of(planned.workload(), run), Totals.of(lines),
                MemoryFigures.measure(planned.engine().model(), setup), setup);
        if (plan.replayed().contains(planned.scenario())) {
            awaitingReplay.put(key(planned), cached);
        } else {
            report(planned, cached, Optional.empty());
        }
    }

    private void replay(BenchRunner runner, PlannedRun planned, Cached cached) throws InterruptedException {
        BenchRunner.Run replayed = runner.replay(planned.workload(), planned.label(), cached.run(),
                planned.firstTokenOnly());
        report(planned, cached, Optional.of(replayed));
    }

    private void report(PlannedRun planned, Cached cached, Optional<BenchRunner.Run> nocache) {
        int turns = planned.workload().turns();
        Optional<TurnSeries> nocacheSeries = nocache.map(run -> TurnSeries.of(turns, run.samples()));
        CacheFigures cache = CacheFigures.of(cached.series(), cached.run().samples(),
                nocache.map(BenchRunner.Run::samples));
        report.accept(new ScenarioFigures(planned.name(), cached.setup(), cached.summary(), cached.series(),
                nocacheSeries, cache, cached.llama(), cached.memory()));
    }

    /** A scenario on one engine setting, the cache aside: what pairs a run with its replay. */
    private static String key(PlannedRun planned) {
        return planned.name() + "|" + planned.engine().withPromptCache(true);
    }

    /** llama.cpp's timings of the requests of one run after another, from its log. */
    private static final class LogCursor {
        private final Path log;
        private int seen;

        LogCursor(Path log) {
            this.log = log;
        }

        List<PromptEvaluation> next(int requests) throws IOException, InterruptedException {
            List<PromptEvaluation> all = LlamaSlotLog.await(log, seen + requests, LOG_WAIT);
            List<PromptEvaluation> mine = new ArrayList<>(all.subList(Math.min(seen, all.size()), all.size()));
            seen = all.size();
            return mine;
        }
    }
}
