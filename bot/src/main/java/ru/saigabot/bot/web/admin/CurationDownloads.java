package ru.saigabot.bot.web.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.web.WebError;
import ru.saigabot.bot.web.WebRoutes;
import ru.saigabot.bot.web.WebServer;
import ru.saigabot.training.arena.ArenaAnalysis;
import ru.saigabot.training.arena.ArenaReport;
import ru.saigabot.training.arena.ArenaReportFiles;
import ru.saigabot.training.arena.ArenaVote;
import ru.saigabot.training.arena.ArenaVoteReader;
import ru.saigabot.training.clean.LengthRatio;
import ru.saigabot.training.export.ExportException;
import ru.saigabot.training.export.ExportFormat;
import ru.saigabot.training.export.ExportOptions;
import ru.saigabot.training.export.ExportStats;
import ru.saigabot.training.export.TrainingExport;

/**
 * The dashboard's downloads, each made on request by the code of its command into a temporary folder, sent as a zip
 * and deleted: the training dataset ({@code train export}, for the date range of the page's filters) and the arena
 * report ({@code arena report}). Neither command keeps its files anywhere the bot knows, so there is nothing older to
 * send. One of each kind runs at a time: an export holds two database connections and a CPU for seconds, and a
 * second click would only double that.
 */
public final class CurationDownloads implements WebRoutes {
    private static final Logger log = LoggerFactory.getLogger(CurationDownloads.class);

    private final Database database;
    private final AtomicBoolean exporting = new AtomicBoolean();
    private final AtomicBoolean reporting = new AtomicBoolean();

    public CurationDownloads(Database database) {
        this.database = database;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/web/api/admin/curation/dataset.zip", this::dataset);
        routes.get("/web/api/admin/curation/arena-report.zip", this::arenaReport);
    }

    /**
     * {@code train export} with the page's dates ({@code from}, {@code to}) and {@code formats} (default all), every
     * other option at its default; the page's other filters choose what to look at, not what trains.
     */
    private void dataset(Context ctx) throws IOException {
        CurationFilter.Dates dates = CurationFilter.Dates.parse(ctx::queryParam);
        Set<ExportFormat> formats = formats(CurationFilter.present(ctx.queryParam("formats")).orElse("sft,kto,dpo"));
        long webUserId = WebServer.session(ctx).webUserId();
        if (!exporting.compareAndSet(false, true)) {
            throw WebError.conflict("A dataset is being exported already; download it again when that one is done.");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("saiga-dataset-");
            ExportOptions options = new ExportOptions(dir, dates.since(), dates.until(), formats,
                    ExportOptions.DEFAULT_VAL_PERCENT, ExportOptions.DEFAULT_MIN_AGREEMENT, 0, LengthRatio.DEFAULT);
            long started = System.nanoTime();
            ExportStats stats;
            try {
                stats = new TrainingExport(database.dataSource()).run(options);
            } catch (ExportException e) {
                log.error("dataset download failed: web_user_id={} error={}", webUserId, e.getMessage(), e);
                throw new WebError(503, "The dataset could not be exported; the operator's log says why. Try again "
                        + "in a minute.");
            }
            log.info("dataset download: web_user_id={} files={} export_ms={}", webUserId, stats.files(),
                    (System.nanoTime() - started) / 1_000_000);
            sendZip(ctx, dir, "saiga-dataset-" + LocalDate.now(ZoneOffset.UTC) + ".zip");
        } finally {
            deleteQuietly(dir);
            exporting.set(false);
        }
    }

    /** {@code arena report} over every vote, with its defaults; {@code min_accuracy} as its option. */
    private void arenaReport(Context ctx) throws IOException {
        double minAccuracy = CurationFilter.present(ctx.queryParam("min_accuracy")).map(CurationDownloads::share)
                .orElse(0.0);
        ArenaAnalysis analysis;
        try {
            analysis = new ArenaAnalysis(minAccuracy, ArenaAnalysis.DEFAULT_BOOTSTRAP, ArenaAnalysis.DEFAULT_SEED,
                    ArenaAnalysis.DEFAULT_PRIOR);
        } catch (IllegalArgumentException e) {
            throw WebError.badRequest(e.getMessage());
        }
        long webUserId = WebServer.session(ctx).webUserId();
        if (!reporting.compareAndSet(false, true)) {
            throw WebError.conflict("The arena report is being made already; download it again when that one is "
                    + "done.");
        }
        Path dir = null;
        try {
            List<ArenaVote> votes = database.query(connection -> new ArenaVoteReader().read(connection));
            ArenaReport report = analysis.analyse(votes);
            dir = Files.createTempDirectory("saiga-arena-report-");
            ArenaReportFiles.write(report, dir);
            log.info("arena report download: web_user_id={} votes={}", webUserId, report.votes());
            sendZip(ctx, dir, "saiga-arena-report-" + LocalDate.now(ZoneOffset.UTC) + ".zip");
        } finally {
            deleteQuietly(dir);
            reporting.set(false);
        }
    }

    /** The files of {@code dir}, as a zip download, in name order. */
    private static void sendZip(Context ctx, Path dir, String fileName) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        ctx.status(200).contentType("application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        try (OutputStream out = ctx.res().getOutputStream(); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Path file : files) {
                zip.putNextEntry(new ZipEntry(dir.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            // The browser went away (closed, cancelled); there is nobody to tell, and the files are deleted anyway.
            log.warn("download not finished, the connection closed: file={} error={}", fileName, e.getMessage());
        }
    }

    private static Set<ExportFormat> formats(String list) {
        try {
            return ExportFormat.parseList(list);
        } catch (IllegalArgumentException e) {
            throw WebError.badRequest("formats '" + CurationFilter.shown(list) + "' is not a list of sft, kto and "
                    + "dpo; e.g. formats=sft,kto.");
        }
    }

    private static double share(String text) {
        try {
            double share = Double.parseDouble(text);
            if (share >= 0 && share <= 1) {
                return share;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw WebError.badRequest("min_accuracy must be a share between 0 and 1; got '" + CurationFilter.shown(text)
                + "'.");
    }

    /** Deletes a temporary folder; a file that cannot be deleted is logged and left for the system's cleaner. */
    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("temporary download folder not deleted: dir={} error={}", dir, e.getMessage());
        }
    }
}
