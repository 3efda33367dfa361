package ru.saigabot.bot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level command: lists what saiga-bot can do. */
@Command(name = "saiga-bot",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A self-hosted, Russian-first ChatGPT for Telegram on open GGUF models (Saiga).",
        subcommands = {RunCommand.class, ModelsCommand.class, BenchCommand.class, TrainCommand.class, AdaptersCommand.class,
                ArenaCommand.class, WorkerCommand.class,
                ApiKeysCommand.class, DocsCommand.class, WebCommand.class,
                picocli.CommandLine.HelpCommand.class})
final class SaigaBotCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: try 'saiga-bot run --help'");
    }
}
