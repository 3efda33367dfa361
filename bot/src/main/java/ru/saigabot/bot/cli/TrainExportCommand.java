package ru.saigabot.bot.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.store.Database;
import ru.saigabot.training.clean.LengthRatio;
import ru.saigabot.training.export.DateBound;
import ru.saigabot.training.export.ExportException;
import ru.saigabot.training.export.ExportFormat;
import ru.saigabot.training.export.ExportOptions;
import ru.saigabot.training.export.ExportStats;
import ru.saigabot.training.export.TrainingExport;

/** {@code saiga-bot train export}: SFT, KTO and DPO JSONL files with a dataset card, from the bot's database. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write sft/kto/dpo train and validation JSONL files, dataset.md and stats.json into DIR.",
                "Reads the same database as 'run' (stop the bot first when it uses the embedded one)."})
final class TrainExportCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder for the files (created if missing).")
    Path out;

    @Option(names = "--since", paramLabel = "DATE",
            description = "Only prompts sent on or after DATE: YYYY-MM-DD (UTC) or an ISO instant with offset.")
    String since;

    @Option(names = "--until", paramLabel = "DATE",
            description = "Only prompts sent on or before DATE (the whole day), or before an ISO instant.")
    String until;

    @Option(names = "--formats", defaultValue = "sft,kto,dpo", paramLabel = "LIST",
            description = "Comma-separated formats (default: ${DEFAULT-VALUE}).")
    String formats;

    @Option(names = "--val-percent", defaultValue = "" + ExportOptions.DEFAULT_VAL_PERCENT, paramLabel = "PERCENT",
            description = "Share of prompts (by hash) in the validation files, 0..100 (default: ${DEFAULT-VALUE}).")
    int valPercent;

    @Option(names = "--min-agreement", defaultValue = "" + ExportOptions.DEFAULT_MIN_AGREEMENT, paramLabel = "SHARE",
            description = "Drop answers whose majority vote holds less than this share, 0.5..1 (default: ${DEFAULT-VALUE}).")
    double minAgreement;

    @Option(names = "--max-per-user", defaultValue = "0", paramLabel = "N",
            description = "At most N records of one user per format; 0 = no cap (default: ${DEFAULT-VALUE}).")
    int maxPerUser;

    @Option(names = "--max-length-ratio", defaultValue = "" + LengthRatio.DEFAULT, paramLabel = "RATIO",
            description = "Drop DPO pairs whose chosen answer is longer than this many times the rejected one "
                    + "(default: ${DEFAULT-VALUE}).")
    double maxLengthRatio;

    @Mixin
    DatabaseOptions databaseOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExportOptions options = toOptions();
        try (DatabaseOptions.Opened opened = databaseOptions.open()) {
            Database database = opened.database();
            ExportStats stats = new TrainingExport(database.dataSource()).run(options);
            var console = spec.commandLine().getOut();
            stats.files().forEach((file, count) -> console.printf("%-18s %d records%n", file, count));
            console.println("Dataset card: " + out.resolve("dataset.md"));
            console.flush();
            return ExitCodes.OK;
        } catch (ExportException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    ExportOptions toOptions() {
        try {
            Optional<Instant> from = Optional.ofNullable(since).map(DateBound::since);
            Optional<Instant> to = Optional.ofNullable(until).map(DateBound::until);
            return new ExportOptions(out, from, to, ExportFormat.parseList(formats), valPercent, minAgreement,
                    maxPerUser, maxLengthRatio);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }
}
