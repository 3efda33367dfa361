package ru.saigabot.bot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code saiga-bot models}: the Saiga models saiga-bot knows, and downloading them. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the Saiga models saiga-bot knows, and download them.",
        subcommands = {ModelsListCommand.class, ModelsPullCommand.class})
final class ModelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing command: try 'saiga-bot models list' or 'saiga-bot models pull NAME'");
    }
}
