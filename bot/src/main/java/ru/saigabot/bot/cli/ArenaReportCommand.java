package ru.saigabot.bot.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.training.arena.ArenaAnalysis;
import ru.saigabot.training.arena.ArenaReport;
import ru.saigabot.training.arena.ArenaReportFiles;
import ru.saigabot.training.arena.ArenaVote;
import ru.saigabot.training.arena.ArenaVoteReader;

/** {@code saiga-bot arena report}: the figures of every vote cast in /annotate and /arena. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "Print wins-ties-losses per pair of variants with win rates, agreement, position bias and Bradley–Terry "
                + "ratings; write report.md, report.json and winrates.png into --out."})
final class ArenaReportCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "arena-report", paramLabel = "DIR",
            description = "Folder for the files, created if missing (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--min-accuracy", defaultValue = "0", paramLabel = "SHARE",
            description = "Leave out annotators whose control-task accuracy is below this share, 0..1; "
                    + "annotators without control votes are kept (default: ${DEFAULT-VALUE}).")
    double minAccuracy;

    @Option(names = "--bootstrap", defaultValue = "" + ArenaAnalysis.DEFAULT_BOOTSTRAP, paramLabel = "N",
            description = "Bootstrap samples for the rating intervals (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "" + ArenaAnalysis.DEFAULT_SEED, paramLabel = "N",
            description = "Bootstrap seed: the same votes give the same report (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DatabaseOptions databaseOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ArenaAnalysis analysis;
        try {
            analysis = new ArenaAnalysis(minAccuracy, bootstrap, seed, ArenaAnalysis.DEFAULT_PRIOR);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        List<ArenaVote> votes;
        try (DatabaseOptions.Opened opened = databaseOptions.open()) {
            votes = opened.database().query(connection -> {
                try {
                    return new ArenaVoteReader().read(connection);
                } catch (SQLException e) {
                    throw new ConfigException("cannot read the arena votes: " + e.getMessage()
                            + "; check --db-url and that the bot's schema is there", e);
                }
            });
        }
        ArenaReport report = analysis.analyse(votes);
        String markdown;
        try {
            markdown = ArenaReportFiles.write(report, out);
        } catch (IOException e) {
            throw new ConfigException("cannot write the report into " + out + ": " + e.getMessage()
                    + "; choose a writable --out", e);
        }
        var console = spec.commandLine().getOut();
        console.print(markdown);
        console.println();
        console.println("Written: " + out.resolve(ArenaReportFiles.MARKDOWN) + ", " + out.resolve(ArenaReportFiles.JSON)
                + ", " + out.resolve(ArenaReportFiles.CHART));
        console.flush();
        return ExitCodes.OK;
    }
}
