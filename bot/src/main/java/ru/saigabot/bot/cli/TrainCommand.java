package ru.saigabot.bot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code saiga-bot train}: fine-tuning datasets from the votes people gave the bot's answers. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Turn the 👍/👎 votes into fine-tuning datasets and LoRA training runs.",
        subcommands = {TrainExportCommand.class, TrainPrepareCommand.class})
final class TrainCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: try 'saiga-bot train export --out DIR', then 'saiga-bot train prepare --data DIR …'");
    }
}
