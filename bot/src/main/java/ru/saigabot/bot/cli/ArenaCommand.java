package ru.saigabot.bot.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code saiga-bot arena}: side-by-side comparisons of two variants, annotated with /annotate, and their report. */
@Command(name = "arena", mixinStandardHelpOptions = true,
        description = "Side-by-side arena: load or generate tasks for /annotate, and report wins-ties-losses.",
        subcommands = {ArenaTasksCommand.class, ArenaReportCommand.class})
final class ArenaCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing command: try 'saiga-bot arena tasks load FILE.jsonl' or 'saiga-bot arena report --out DIR'");
    }
}
