package ru.saigabot.training.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.training.scrub.PiiScrubber;
import ru.saigabot.training.scrub.PiiTally;

/**
 * {@code train export}: streams conversations with votes out of the database, cleans and scrubs them,
 * and writes the SFT, KTO and DPO files with their dataset card. Needs only a {@link DataSource}
 * with the schema from {@code migrations/} and two connections.
 */
public final class TrainingExport {
    private static final Logger log = LoggerFactory.getLogger(TrainingExport.class);
    private static final String SPOOL = ".export-candidates.tmp";
    /** Conversations read ahead of the cleaning: enough to keep both threads busy, a few MB at most. */
    private static final int PIPELINE_CONVERSATIONS = 256;

    private final DataSource dataSource;
    private final ObjectMapper json = new ObjectMapper();

    public TrainingExport(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs the export into {@code options.out()}.
     *
     * @throws ExportException when the folder cannot be written or the database cannot be read
     */
    public ExportStats run(ExportOptions options) {
        Path out = options.out();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new ExportException("cannot create the output folder " + out + ": " + e.getMessage()
                    + "; choose a writable --out", e);
        }
        long started = System.nanoTime();
        CleaningTally cleaning = new CleaningTally();
        PiiTally pii = new PiiTally();
        CandidateBuilder builder = new CandidateBuilder(options, PiiScrubber.standard(), cleaning, pii, json);
        StatsCollector collector = new StatsCollector(options);
        try (Connection reading = dataSource.getConnection();
             Connection ranking = dataSource.getConnection();
             CandidateSpool spool = CandidateSpool.open(ranking, out.resolve(SPOOL))) {
            // One snapshot for the whole read, so votes cast meanwhile cannot tear a conversation.
            reading.setAutoCommit(false);
            reading.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            reading.setReadOnly(true);
            try (ConversationPipeline pipeline = new ConversationPipeline(
                    conversation -> builder.build(conversation, spool::add), PIPELINE_CONVERSATIONS)) {
                new ConversationReader().read(reading, pipeline::submit);
                pipeline.finish();
            }
            if (options.formats().contains(ExportFormat.DPO)) {
                ArenaPairBuilder arena = new ArenaPairBuilder(options, PiiScrubber.standard(), cleaning, pii, json);
                new ArenaTaskReader().read(reading, task -> arena.build(task, spool::add));
            }
            reading.commit();
            long read = System.nanoTime();
            try (DatasetFiles files = new DatasetFiles(out, options.formats())) {
                spool.decide(options.maxPerUser(), decided -> {
                    if (decided.dropped != null) {
                        cleaning.add(decided.format, decided.dropped);
                    } else {
                        files.write(decided.format, decided.train, decided.buffer, decided.lineStart,
                                decided.lineEnd - decided.lineStart);
                        collector.written(decided.format, decided.train, decided.source, decided.neutralised,
                                decided.grounded, decided.promptTimeMillis);
                    }
                });
            }
            ExportStats stats = collector.freeze(cleaning, pii);
            StatsFiles.write(out, stats, json);
            log.info("training export done: out={} files={} read_ms={} write_ms={}", out, stats.files(),
                    (read - started) / 1_000_000, (System.nanoTime() - read) / 1_000_000);
            return stats;
        } catch (SQLException e) {
            throw new ExportException("cannot read the conversations from the database: " + e.getMessage()
                    + "; check --db-url and that the bot's schema is there", e);
        } catch (IOException | UncheckedIOException e) {
            throw new ExportException("cannot write the dataset into " + out + ": " + e.getMessage()
                    + "; check the folder's permissions and free space", e);
        }
    }
}
