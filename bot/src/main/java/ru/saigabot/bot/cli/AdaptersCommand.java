package ru.saigabot.bot.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.store.AdapterStore;
import ru.saigabot.bot.store.AdapterStore.Adapter;
import ru.saigabot.inference.gguf.GgufFormatException;
import ru.saigabot.inference.gguf.GgufReader;
import ru.saigabot.inference.gguf.LoraCompatibility;

/** {@code saiga-bot adapters}: LoRA adapters registered for serving beside their base model. */
@Command(name = "adapters", mixinStandardHelpOptions = true,
        description = "Register GGUF LoRA adapters; `run` serves MODEL+NAME beside the base model.",
        subcommands = {AdaptersCommand.Add.class, AdaptersCommand.ListAdapters.class, AdaptersCommand.Remove.class})
final class AdaptersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing command: try 'saiga-bot adapters add NAME --file ADAPTER.gguf --base MODEL.gguf'");
    }

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Register (or replace) a GGUF LoRA adapter for a base model file.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "Short name: a-z, 0-9, '.', '_', '-' (up to 32).")
        String name;

        @Option(names = "--file", required = true, paramLabel = "ADAPTER.gguf",
                description = "The adapter, converted with llama.cpp's convert_lora_to_gguf.py.")
        Path file;

        @Option(names = "--base", required = true, paramLabel = "MODEL.gguf",
                description = "The model file the adapter was trained on (the one `run --model` serves).")
        Path base;

        @Option(names = "--scale", defaultValue = "1.0", description = "Strength, 0 < scale <= 4 (default: ${DEFAULT-VALUE}).")
        double scale;

        @Mixin
        DatabaseOptions databaseOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (!name.matches("[a-z0-9][a-z0-9._-]{0,31}")) {
                throw new ConfigException("adapter name '" + name + "' is invalid; use up to 32 of a-z, 0-9, '.', '_', '-'");
            }
            if (!(scale > 0 && scale <= 4)) {
                throw new ConfigException("--scale = " + scale + " is out of range; allowed (0..4]");
            }
            Path adapterFile = existing(file, "--file");
            Path baseFile = existing(base, "--base");
            int matrices;
            try {
                matrices = LoraCompatibility.check(GgufReader.read(baseFile), GgufReader.read(adapterFile));
            } catch (GgufFormatException e) {
                throw new ConfigException(e.getMessage(), e);
            } catch (IOException e) {
                throw new ConfigException("cannot read " + adapterFile + " or " + baseFile + ": " + e.getMessage(), e);
            }
            boolean replaced;
            try (DatabaseOptions.Opened opened = databaseOptions.open()) {
                replaced = opened.database().inTransaction(tx -> new AdapterStore().put(tx,
                        new Adapter(name, baseFile, adapterFile, scale)));
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "%s adapter %s (%d matrices) for %s, scale %s%n",
                    replaced ? "Replaced" : "Registered", name, matrices, baseFile, scale);
            spec.commandLine().getOut().printf("Restart `saiga-bot run --model %s` to serve it; users pick it with /model.%n",
                    baseFile);
            return ExitCodes.OK;
        }

        private static Path existing(Path path, String option) {
            if (!Files.isRegularFile(path)) {
                throw new ConfigException(option + " " + path + " does not exist or is not a file");
            }
            try {
                return path.toRealPath();
            } catch (IOException e) {
                throw new ConfigException(option + " " + path + " cannot be resolved: " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the registered adapters.")
    static final class ListAdapters implements Callable<Integer> {
        @Mixin
        DatabaseOptions databaseOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<Adapter> adapters;
            try (DatabaseOptions.Opened opened = databaseOptions.open()) {
                adapters = opened.database().query(connection -> new AdapterStore().all(connection));
            }
            var out = spec.commandLine().getOut();
            if (adapters.isEmpty()) {
                out.println("No adapters registered; add one with 'saiga-bot adapters add NAME --file F --base MODEL'.");
            }
            for (Adapter adapter : adapters) {
                out.printf(Locale.ROOT, "%-20s scale %-4s %s%n%-20s base %s%n", adapter.name(), adapter.scale(),
                        adapter.file(), "", adapter.baseModel());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Unregister an adapter (the file stays).")
    static final class Remove implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        DatabaseOptions databaseOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            boolean removed;
            try (DatabaseOptions.Opened opened = databaseOptions.open()) {
                removed = opened.database().inTransaction(tx -> new AdapterStore().remove(tx, name));
            }
            if (!removed) {
                throw new ConfigException("no adapter named '" + name + "'; 'saiga-bot adapters list' shows them");
            }
            spec.commandLine().getOut().println("Removed adapter " + name + ".");
            return ExitCodes.OK;
        }
    }
}
