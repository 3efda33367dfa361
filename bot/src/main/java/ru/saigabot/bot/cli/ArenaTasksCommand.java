package ru.saigabot.bot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ru.saigabot.bot.arena.ArenaTaskLine;
import ru.saigabot.bot.arena.TaskAnswerer;
import ru.saigabot.bot.arena.Variant;
import ru.saigabot.bot.arena.VariantEngines;
import ru.saigabot.bot.arena.VariantParser;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.settings.ChatSettings;
import ru.saigabot.bot.store.AdapterStore;
import ru.saigabot.bot.store.ArenaStore;
import ru.saigabot.bot.store.Database;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.InferenceException;
import ru.saigabot.inference.SettingRange;
import ru.saigabot.inference.catalog.ModelCatalog;
import ru.saigabot.inference.llama.LlamaEngine;

/** {@code saiga-bot arena tasks}: what annotators compare with /annotate. */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "Load annotation tasks from a file, or have two variants answer prompts.",
        subcommands = {ArenaTasksCommand.Load.class, ArenaTasksCommand.Generate.class})
final class ArenaTasksCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing command: try 'saiga-bot arena tasks load FILE.jsonl' or 'arena tasks generate --a V --b V'");
    }

    @Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false, description = {
            "Store the tasks of a JSONL file, one per line: {\"prompt\": \"...\"} and optionally \"variant_a\", "
                    + "\"answer_a\", \"variant_b\", \"answer_b\" and \"control\" (a, b, tie or both_bad: the known "
                    + "right choice of a control task).",
            "Tasks without answers wait for 'arena tasks generate'. The whole file is checked before anything is "
                    + "stored."})
    static final class Load implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE.jsonl")
        Path file;

        @Mixin
        DatabaseOptions databaseOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<ArenaTaskLine> lines = read(file);
            int answered = (int) lines.stream().filter(ArenaTaskLine::answered).count();
            int controls = (int) lines.stream().filter(line -> line.control().isPresent()).count();
            try (DatabaseOptions.Opened opened = databaseOptions.open()) {
                ArenaStore store = new ArenaStore();
                opened.database().inTransaction(tx -> {
                    for (ArenaTaskLine line : lines) {
                        store.addTask(tx, new ArenaStore.NewTask(line.prompt(), null, line.variantA().orElse(null),
                                line.answerA().orElse(null), line.variantB().orElse(null), line.answerB().orElse(null),
                                line.control().map(c -> c.id()).orElse(null)));
                    }
                    return null;
                });
            }
            spec.commandLine().getOut().printf("Loaded %d tasks from %s: %d with answers (%d control), %d waiting for "
                    + "'arena tasks generate'.%n", lines.size(), file, answered, controls, lines.size() - answered);
            return ExitCodes.OK;
        }

        private static List<ArenaTaskLine> read(Path file) {
            ObjectMapper json = new ObjectMapper();
            VariantParser variants = new VariantParser(ModelCatalog.builtIn());
            List<ArenaTaskLine> lines = new ArrayList<>();
            forEachLine(file, (text, number) -> lines.add(ArenaTaskLine.parse(text, number, json, variants)));
            if (lines.isEmpty()) {
                throw new ConfigException(file + " has no tasks; write one JSON object per line with a \"prompt\"");
            }
            return lines;
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false, description = {
            "Answer prompts with two variants and store them as tasks for /annotate. A variant is "
                    + "MODEL[+ADAPTER][@key=value,...]: a catalog name or a .gguf path, an adapter registered with "
                    + "'saiga-bot adapters add', and generation parameters (temperature, top_p, top_k, min_p, "
                    + "repeat_penalty, max_tokens, seed).",
            "The prompts of --prompts are added first; then every stored task without answers is answered."})
    static final class Generate implements Callable<Integer> {
        @Option(names = "--prompts", paramLabel = "FILE",
                description = "Prompts, one per line: plain text, or JSON objects with a \"prompt\".")
        Path prompts;

        @Option(names = "--a", required = true, paramLabel = "VARIANT", description = "The first variant.")
        String variantA;

        @Option(names = "--b", required = true, paramLabel = "VARIANT", description = "The second variant.")
        String variantB;

        @Option(names = "--system-prompt", paramLabel = "TEXT",
                description = "System prompt of every answer (default: the bot's own).")
        String systemPrompt = ChatSettings.DEFAULT_SYSTEM_PROMPT;

        @Option(names = "--max-tokens", defaultValue = "512", paramLabel = "N",
                description = "Longest answer unless a variant sets max_tokens (default: ${DEFAULT-VALUE}).")
        int maxTokens;

        @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
                description = "Sampling seed unless a variant sets one; -1 = random (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--slots", defaultValue = "2", paramLabel = "N",
                description = "Answers generated at once per model (default: ${DEFAULT-VALUE}).")
        int slots;

        @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
                description = "CPU threads for llama.cpp; 0 = all cores (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--ctx-size", defaultValue = "4096", paramLabel = "N",
                description = "Context per answer in tokens (default: ${DEFAULT-VALUE}).")
        int ctxSize;

        @Option(names = "--template", defaultValue = "auto", paramLabel = "NAME",
                description = "Chat format, as for 'run' (default: ${DEFAULT-VALUE}).")
        String template;

        @Mixin
        ModelsDirOption modelsDir;

        @Mixin
        DatabaseOptions databaseOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            VariantParser parser = new VariantParser(ModelCatalog.builtIn());
            Variant a = variant(parser, "--a", variantA);
            Variant b = variant(parser, "--b", variantB);
            if (a.equals(b)) {
                throw new ConfigException("--a and --b are the same variant (" + a + "); compare two different ones");
            }
            // The inference module's ranges, named by this command's flags, before the database is opened.
            SettingRange.MAX_TOKENS.checkOption(maxTokens);
            SettingRange.SEED.checkOption(seed);
            GenerationParams defaults = GenerationParams.DEFAULTS.withMaxTokens(maxTokens).withSeed(seed);
            SettingRange.SLOTS.checkOption(slots);
            int effectiveThreads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
            SettingRange.THREADS.checkOption(effectiveThreads);
            SettingRange.CTX_SIZE.checkOption(ctxSize);
            VariantEngines.EngineSettings settings = new VariantEngines.EngineSettings(slots, effectiveThreads, ctxSize,
                    BotConfig.chatTemplate(template));
            List<String> newPrompts = prompts == null ? List.of() : readPrompts(prompts);
            var out = spec.commandLine().getOut();
            try (DatabaseOptions.Opened opened = databaseOptions.open()) {
                Database database = opened.database();
                ArenaStore store = new ArenaStore();
                database.inTransaction(tx -> {
                    for (String prompt : newPrompts) {
                        store.addTask(tx, new ArenaStore.NewTask(prompt, null, null, null, null, null, null));
                    }
                    return null;
                });
                List<ArenaStore.Unanswered> tasks = database.query(store::unanswered);
                if (tasks.isEmpty()) {
                    out.println("No task is waiting for answers; pass --prompts FILE.");
                    return ExitCodes.OK;
                }
                List<AdapterStore.Adapter> registered = database.query(new AdapterStore()::all);
                ModelCatalog catalog = ModelCatalog.builtIn();
                List<VariantEngines.Resolved> resolved = List.of(
                        VariantEngines.resolve(a, catalog, modelsDir.modelsDir, registered),
                        VariantEngines.resolve(b, catalog, modelsDir.modelsDir, registered));
                try (VariantEngines engines = VariantEngines.load(resolved, settings, LlamaEngine::load)) {
                    TaskAnswerer answerer = new TaskAnswerer(engines, defaults, systemPrompt);
                    int done = 0;
                    for (ArenaStore.Unanswered task : tasks) {
                        TaskAnswerer.Answers answers = answerer.answer(task.prompt(), a, b);
                        database.inTransaction(tx -> store.answer(tx, task.id(), systemPrompt, a.spec(),
                                answers.a(), b.spec(), answers.b()));
                        done++;
                        spec.commandLine().getErr().printf("answered %d/%d%n", done, tasks.size());
                    }
                } catch (InferenceException | IllegalArgumentException e) {
                    throw new ConfigException("generating the answers failed: " + e.getMessage(), e);
                }
                out.printf("Answered %d tasks with %s (a) and %s (b); annotators get them with /annotate.%n",
                        tasks.size(), a, b);
            }
            return ExitCodes.OK;
        }

        private static Variant variant(VariantParser parser, String option, String text) {
            try {
                return parser.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(option + ": " + e.getMessage(), e);
            }
        }

        private static List<String> readPrompts(Path file) {
            ObjectMapper json = new ObjectMapper();
            List<String> prompts = new ArrayList<>();
            forEachLine(file, (text, number) -> {
                if (text.startsWith("{")) {
                    try {
                        var node = json.readTree(text).get("prompt");
                        if (node == null || !node.isTextual() || node.asText().isBlank()) {
                            throw new IllegalArgumentException("line " + number + ": no \"prompt\" string");
                        }
                        prompts.add(node.asText());
                    } catch (IOException e) {
                        throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
                    }
                } else {
                    prompts.add(text);
                }
            });
            if (prompts.isEmpty()) {
                throw new ConfigException(file + " has no prompts; write one per line");
            }
            return prompts;
        }
    }

    interface LineSink {
        void accept(String line, int number);
    }

    /** Calls {@code sink} with every non-blank line; a bad line stops the command with its file and number. */
    static void forEachLine(Path file, LineSink sink) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    sink.accept(line.strip(), number);
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ", " + e.getMessage(), e);
        }
    }
}
