package ru.saigabot.bot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.inference.InferenceException;
import ru.saigabot.inference.bench.BenchReport;
import ru.saigabot.inference.bench.BenchRunner;
import ru.saigabot.inference.bench.BenchShapes;
import ru.saigabot.inference.bench.BenchSummary;
import ru.saigabot.inference.bench.BenchWorkload;
import ru.saigabot.inference.gguf.TinyLlama;
import ru.saigabot.inference.llama.LlamaEngine;
import ru.saigabot.inference.llama.LlamaEngineConfig;
import ru.saigabot.inference.llama.LlamaSlotLog;
import ru.saigabot.inference.llama.LlamaSlotLog.Totals;

/**
 * {@code saiga-bot bench}: K simulated users in multi-turn conversations at once, through the same engine the bot
 * uses, run twice: with the prompt cache (each turn reuses its conversation's KV cache) and without.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure a model on this machine: queue wait, time to first token, tokens/s per user and in "
                + "total, and the prompt tokens evaluated per turn with and without the prompt cache.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--model", description = "Path to a .gguf model file.")
    Path model;

    @Option(names = "--shape", description = "Instead of --model: write a random model of this shape and measure it: "
            + "tiny (1 MB) or small (30 MB).")
    String shape;

    @Option(names = "--slots", defaultValue = "2", description = "Conversations generated at once (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads for llama.cpp; 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--ctx-size", defaultValue = "4096", description = "Context of one conversation in tokens (default: ${DEFAULT-VALUE}).")
    int ctxSize;

    @Option(names = "--template", defaultValue = "auto", description = "Chat format, as for run (default: ${DEFAULT-VALUE}).")
    String template;

    @Option(names = "--users", defaultValue = "4", description = "Simulated users, each in one conversation (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--turns", defaultValue = "6", description = "Turns of each conversation (default: ${DEFAULT-VALUE}).")
    int turns;

    @Option(names = "--tokens", defaultValue = "64", description = "Longest answer in tokens (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the questions and the sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--skip-nocache", description = "Skip the second run with the prompt cache off.")
    boolean skipNoCache;

    @Option(names = "--json", description = "One JSON line per scenario instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BenchWorkload workload;
        LlamaEngineConfig config;
        try {
            workload = new BenchWorkload(users, turns, tokens, seed);
            config = new LlamaEngineConfig(modelPath(), slots,
                    threads == 0 ? Runtime.getRuntime().availableProcessors() : threads, ctxSize, template);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        String scenario = "users" + users + "_turns" + turns;
        measure(out, scenario, config, workload);
        if (!skipNoCache) {
            measure(out, scenario + "_nocache", config.withPromptCache(false), workload);
        }
        return ExitCodes.OK;
    }

    private void measure(PrintWriter out, String scenario, LlamaEngineConfig config, BenchWorkload workload)
            throws IOException, InterruptedException {
        // llama.cpp's own timings reach Java only through its log (see LlamaSlotLog).
        Path nativeLog = Files.createTempFile("saiga-bench-llama-", ".log");
        try {
            BenchSummary summary;
            long rss;
            try (LlamaEngine engine = LlamaEngine.load(config.withNativeLog(nativeLog))) {
                summary = BenchSummary.of(workload, BenchRunner.run(engine, workload));
                rss = residentMegabytes();
            } catch (InferenceException e) {
                throw new ConfigException("benchmark of " + config.model() + " failed: " + e.getMessage(), e);
            }
            Totals llama = Totals.of(LlamaSlotLog.await(nativeLog, summary.requests(), Duration.ofSeconds(10)));
            out.print(json ? BenchReport.json(scenario, summary, config.promptCache(), rss, llama)
                    + System.lineSeparator() : BenchReport.text(scenario, summary, config.promptCache(), rss, llama));
            out.flush();
        } finally {
            Files.deleteIfExists(nativeLog);
        }
    }

    private Path modelPath() {
        if ((model == null) == (shape == null)) {
            throw new IllegalArgumentException("give either --model PATH or --shape NAME (" + BenchShapes.NAMES + ")");
        }
        if (model != null) {
            return model;
        }
        try {
            Path file = Files.createTempFile("saiga-bench-" + shape + "-", ".gguf");
            file.toFile().deleteOnExit();
            return TinyLlama.write(file, BenchShapes.byName(shape)).path();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the " + shape + " model to the temp directory: " + e
                    + "; make it writable or set -Djava.io.tmpdir", e);
        }
    }

    /** VmRSS from /proc; 0 on a system without /proc/self/status (not Linux), where it is not known. */
    private static long residentMegabytes() {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
            return status.stream().filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024).findFirst().orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }
}
