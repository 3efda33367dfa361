package ru.saigabot.bot.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.inference.InferenceException;
import ru.saigabot.inference.bench.BenchPlan;
import ru.saigabot.inference.bench.BenchProgress;
import ru.saigabot.inference.bench.BenchReport;
import ru.saigabot.inference.bench.BenchScenario;
import ru.saigabot.inference.bench.BenchShapes;
import ru.saigabot.inference.bench.BenchSuite;
import ru.saigabot.inference.llama.KvGeometry;
import ru.saigabot.inference.bench.ScenarioFigures;
import ru.saigabot.inference.gguf.GgufFormatException;
import ru.saigabot.inference.gguf.GgufReader;
import ru.saigabot.inference.llama.KvCacheType;
import ru.saigabot.inference.llama.LlamaEngineConfig;

/**
 * {@code saiga-bot bench}: fixed, seeded workloads through the same engine the bot uses: one user alone, N users at
 * once, N conversations of T turns, one conversation past its context, and a group chat; the multi-turn ones replayed
 * with the prompt cache off to show what the cache saves. The report goes to stdout, progress to stderr.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a model on this machine: decode tokens/s alone and with N users (and how fair), time to "
                + "first token, prompt tokens/s, the prompt tokens evaluated turn by turn with and without the prompt "
                + "cache, how much of the prompts came from the cache, and memory.",
                "Scenarios: single (1 user), users (N at once), turns (N conversations of T turns), long (one "
                        + "conversation of --long-turns turns, past its context), group (a group chat of "
                        + "--group-messages messages, a question to the bot every tenth)."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--model", description = "Path to a .gguf model file.")
    Path model;

    @Option(names = "--shape", description = "Instead of --model: write a random model shaped like this one and "
            + "measure it: ${COMPLETION-CANDIDATES}.", completionCandidates = ShapeNames.class)
    String shape;

    @Option(names = "--shape-dir", description = "Where --shape writes its model (kept for the next run; default: "
            + "the temp directory).")
    Path shapeDir;

    @Option(names = "--quick", description = "A short run for the headline figures: turns, long and group with 8 "
            + "users on 4 slots, 4 turns, 16 long turns, 60 group messages, 32 tokens, --ctx-size 1024, and only long "
            + "and group replayed without the cache; flags given beside it win.")
    boolean quick;

    @Option(names = "--kv-slots", defaultValue = "0", description = "Slots keeping a conversation's KV cache, "
            + "--slots of them generating at once, as run --kv-slots; 0 = as many as --slots (default: ${DEFAULT-VALUE}).")
    int kvSlots;

    @Option(names = "--reading", defaultValue = "0", description = "How long each user reads an answer before the "
            + "next turn, in times the answer's own time; 0 asks at once (default: ${DEFAULT-VALUE}). With more "
            + "users than slots, 0 keeps every slot busy and no cache survives a turn.")
    double reading;

    @Option(names = "--users", defaultValue = "4", description = "Users at once in users and turns (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--turns", defaultValue = "10", description = "Turns of each conversation of turns (default: ${DEFAULT-VALUE}).")
    int turns;

    @Option(names = "--long-turns", defaultValue = "30", description = "Turns of the one conversation of long (default: ${DEFAULT-VALUE}).")
    int longTurns;

    @Option(names = "--group-messages", defaultValue = "200", description = "Messages of the group chat, a multiple of 10 (default: ${DEFAULT-VALUE}).")
    int groupMessages;

    @Option(names = "--tokens", defaultValue = "128", description = "Longest answer in tokens (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--slots", split = ",", description = "Conversations generated at once; several (2,4) measure "
            + "each on its own model load (default: --users).")
    List<Integer> slots;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads for llama.cpp; 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--ctx-size", defaultValue = "4096", description = "Context of one conversation in tokens (default: ${DEFAULT-VALUE}).")
    int ctxSize;

    @Option(names = "--kv-cache-type", defaultValue = "f16", split = ",", description = "KV cache type: f16 or q8_0; "
            + "both (f16,q8_0) measure each on its own model load (default: ${DEFAULT-VALUE}).")
    List<String> kvCacheTypes;

    @Option(names = "--cache-reuse", defaultValue = "" + LlamaEngineConfig.DEFAULT_CACHE_REUSE, description = "llama.cpp's "
            + "--cache-reuse: the shortest run of cached tokens moved into place after a conversation dropped old "
            + "turns; 0 = off (default: ${DEFAULT-VALUE}).")
    int cacheReuse;

    @Option(names = "--template", defaultValue = "auto", description = "Chat format, as for run (default: ${DEFAULT-VALUE}).")
    String template;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the questions and the sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scenarios", defaultValue = "single,users,turns", split = ",",
            description = "Which scenarios to run: single, users, turns, long, group (default: ${DEFAULT-VALUE}).")
    List<String> scenarios;

    @Option(names = "--skip-nocache", description = "Do not replay the multi-turn scenarios with the prompt cache off.")
    boolean skipNoCache;

    @Option(names = "--json", description = "One JSON line per scenario instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BenchPlan plan;
        try {
            // Every option is checked before a shape is written or a model read.
            plan = plan(Path.of("not-yet-known.gguf"));
            plan = plan.withModel(modelPath());
            KvGeometry geometry = KvGeometry.of(GgufReader.validate(plan.model()).metadata());
            for (KvCacheType type : plan.kvCacheTypes()) {
                geometry.refusal(type).ifPresent(reason -> {
                    throw new IllegalArgumentException("--kv-cache-type " + type.label() + ": " + reason);
                });
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        } catch (GgufFormatException e) {
            throw new ConfigException("--model: " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchProgress progress = new BenchProgress(plan.runs(), plan.engineLoads(), line -> {
            err.println(line);
            err.flush();
        }, System::nanoTime);
        // java-llama.cpp prints a line to System.out when it unpacks its library: stdout is for the report alone.
        PrintStream stdout = System.out;
        System.setOut(System.err);
        try {
            new BenchSuite(plan, progress, figures -> print(out, figures)).run();
        } catch (InferenceException e) {
            throw new ConfigException("benchmark of " + plan.model() + " failed: " + e.getMessage(), e);
        } finally {
            System.setOut(stdout);
        }
        return ExitCodes.OK;
    }

    /** The options as one checked plan, {@code --quick} applied to those not given. */
    BenchPlan plan(Path modelFile) {
        if (quick) {
            QuickPreset.apply(spec, spec.commandLine().getParseResult());
        }
        List<BenchScenario> chosen = scenarios.stream().map(BenchScenario::parse).toList();
        List<KvCacheType> types = kvCacheTypes.stream().map(value -> {
            try {
                return KvCacheType.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--kv-cache-type: " + e.getMessage(), e);
            }
        }).toList();
        int effectiveThreads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        Set<BenchScenario> replayed = skipNoCache ? Set.of()
                : quick ? QuickPreset.REPLAYED : EnumSet.allOf(BenchScenario.class);
        return new BenchPlan(modelFile, BotConfig.chatTemplate(template), effectiveThreads, chosen, users, turns,
                longTurns, groupMessages, tokens, seed, slots == null ? List.of(users) : slots, ctxSize, types,
                cacheReuse, replayed, reading, kvSlots);
    }

    private void print(PrintWriter out, ScenarioFigures figures) {
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
        BenchShapes.byName(shape); // an unknown name is refused before anything is written
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

    /** For picocli's help: the shape names. */
    static final class ShapeNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return BenchShapes.names().iterator();
        }
    }
}
