package ru.saigabot.bot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.inference.InferenceException;
import ru.saigabot.inference.SettingRange;
import ru.saigabot.inference.bench.BenchReport;
import ru.saigabot.inference.bench.BenchRunner;
import ru.saigabot.inference.bench.BenchShapes;
import ru.saigabot.inference.bench.BenchSummary;
import ru.saigabot.inference.bench.BenchWorkload;
import ru.saigabot.inference.bench.MemoryFigures;
import ru.saigabot.inference.bench.ScenarioFigures;
import ru.saigabot.inference.llama.LlamaEngine;
import ru.saigabot.inference.llama.LlamaEngineConfig;
import ru.saigabot.inference.llama.LlamaSlotLog;
import ru.saigabot.inference.llama.LlamaSlotLog.PromptEvaluation;
import ru.saigabot.inference.llama.LlamaSlotLog.Totals;

/**
 * {@code saiga-bot bench}: a fixed, seeded workload through the same engine the bot uses, in three scenarios:
 * one user alone, N users at once, and N users in T-turn conversations, the latter replayed with the prompt cache
 * off to show what the cache saves.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a model on this machine: decode tokens/s alone and with N users (and how fair), time to "
                + "first token, prompt tokens/s, the prompt tokens evaluated turn by turn with and without the prompt "
                + "cache, and resident memory.",
                "Scenarios: single (1 user), usersN (N at once), usersN_turnsT (T-turn conversations)."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--model", description = "Path to a .gguf model file.")
    Path model;

    @Option(names = "--shape", description = "Instead of --model: write a random model shaped like this one and "
            + "measure it: ${COMPLETION-CANDIDATES}.", completionCandidates = ShapeNames.class)
    String shape;

    @Option(names = "--shape-dir", description = "Where --shape writes its model (kept for the next run; default: "
            + "the temp directory).")
    Path shapeDir;

    @Option(names = "--users", defaultValue = "4", description = "Simulated users at once (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--turns", defaultValue = "10", description = "Turns of each conversation (default: ${DEFAULT-VALUE}).")
    int turns;

    @Option(names = "--tokens", defaultValue = "128", description = "Longest answer in tokens (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--slots", description = "Conversations generated at once (default: --users).")
    Integer slots;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads for llama.cpp; 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--ctx-size", defaultValue = "4096", description = "Context of one conversation in tokens (default: ${DEFAULT-VALUE}).")
    int ctxSize;

    @Option(names = "--template", defaultValue = "auto", description = "Chat format, as for run (default: ${DEFAULT-VALUE}).")
    String template;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the questions and the sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scenarios", defaultValue = "single,users,turns", split = ",",
            description = "Which scenarios to run: single, users, turns (default: ${DEFAULT-VALUE}).")
    List<String> scenarios;

    @Option(names = "--skip-nocache", description = "Do not replay the turns scenario with the prompt cache off.")
    boolean skipNoCache;

    @Option(names = "--json", description = "One JSON line per scenario instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LlamaEngineConfig config;
        try {
            for (String name : scenarios) {
                if (!List.of("single", "users", "turns").contains(name.strip().toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("--scenarios: unknown scenario '" + name + "'; use single, users, turns");
                }
            }
            // The workload's and the engine's ranges, named by this command's flags, before anything is written
            // or loaded.
            BenchWorkload.USERS.checkOption(users);
            BenchWorkload.TURNS.checkOption(turns);
            BenchWorkload.TOKENS.checkOption(tokens);
            int effectiveSlots = slots == null ? users : slots;
            SettingRange.SLOTS.check(slots == null ? "--slots (default: --users)" : "--slots", effectiveSlots);
            int effectiveThreads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
            SettingRange.THREADS.checkOption(effectiveThreads);
            SettingRange.CTX_SIZE.checkOption(ctxSize);
            String chatTemplate = BotConfig.chatTemplate(template);
            config = new LlamaEngineConfig(modelPath(), effectiveSlots, effectiveThreads, ctxSize, chatTemplate);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        Path nativeLog = Files.createTempFile("saiga-bench-llama-", ".log");
        try {
            run(config, nativeLog);
        } catch (InferenceException e) {
            throw new ConfigException("benchmark of " + config.model() + " failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(nativeLog);
        }
        return ExitCodes.OK;
    }

    private void run(LlamaEngineConfig config, Path nativeLog) throws IOException, InterruptedException {
        BenchWorkload conversations = new BenchWorkload(users, turns, tokens, seed);
        String turnsName = "users" + users + "_turns" + turns;
        BenchRunner.Run cachedRun = null;
        BenchSummary cached = null;
        Totals cachedTotals = null;
        MemoryFigures cachedMemory = null;
        try (LlamaEngine engine = LlamaEngine.load(config.withNativeLog(nativeLog))) {
            Counter log = new Counter(nativeLog);
            if (selected("single")) {
                print(measure(engine, log, config, "single", new BenchWorkload(1, 1, tokens, seed)));
            }
            if (selected("users")) {
                print(measure(engine, log, config, "users" + users, new BenchWorkload(users, 1, tokens, seed)));
            }
            if (selected("turns")) {
                cachedRun = BenchRunner.run(engine, conversations, turnsName);
                cached = BenchSummary.of(conversations, cachedRun);
                cachedTotals = log.next(cached.requests());
                cachedMemory = MemoryFigures.measure(config.model(), config.slots(), config.ctxSize());
            }
        }
        if (cachedRun == null) {
            return;
        }
        Optional<BenchSummary> nocache = Optional.empty();
        if (!skipNoCache) {
            try (LlamaEngine engine = LlamaEngine.load(config.withPromptCache(false))) {
                nocache = Optional.of(BenchSummary.of(conversations,
                        BenchRunner.replay(engine, conversations, turnsName + "_nocache", cachedRun)));
            }
        }
        print(new ScenarioFigures(turnsName, turns, config.slots(), cached, nocache, cachedTotals, cachedMemory));
    }

    private ScenarioFigures measure(LlamaEngine engine, Counter log, LlamaEngineConfig config, String name,
                                    BenchWorkload workload) throws IOException, InterruptedException {
        BenchSummary summary = BenchSummary.of(workload, BenchRunner.run(engine, workload, name));
        Totals llama = log.next(summary.requests());
        return new ScenarioFigures(name, workload.turns(), config.slots(), summary, Optional.empty(), llama,
                MemoryFigures.measure(config.model(), config.slots(), config.ctxSize()));
    }

    private boolean selected(String name) {
        return scenarios.stream().anyMatch(s -> s.strip().equalsIgnoreCase(name));
    }

    private void print(ScenarioFigures figures) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? BenchReport.json(figures) + System.lineSeparator() : BenchReport.text(figures));
        out.flush();
    }

    private Path modelPath() {
        if ((model == null) == (shape == null)) {
            throw new IllegalArgumentException("give either --model PATH or --shape NAME (" + BenchShapes.names() + ")");
        }
        if (model != null) {
            return model;
        }
        try {
            Path dir = shapeDir != null ? Files.createDirectories(shapeDir) : Path.of(System.getProperty("java.io.tmpdir"));
            PrintWriter err = spec.commandLine().getErr();
            return BenchShapes.write(shape, dir, message -> {
                err.println(message);
                err.flush();
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the " + shape + " model: " + e.getMessage()
                    + "; give a writable --shape-dir with room for it", e);
        }
    }

    /** llama.cpp's timings of the requests of one scenario after another, from its log. */
    private static final class Counter {
        private final Path log;
        private int seen;

        Counter(Path log) {
            this.log = log;
        }

        Totals next(int requests) throws IOException, InterruptedException {
            List<PromptEvaluation> all = LlamaSlotLog.await(log, seen + requests, Duration.ofSeconds(10));
            List<PromptEvaluation> mine = new ArrayList<>(all.subList(Math.min(seen, all.size()), all.size()));
            seen = all.size();
            return Totals.of(mine);
        }
    }

    /** For picocli's help: the shape names. */
    static final class ShapeNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return BenchShapes.names().iterator();
        }
    }
}
