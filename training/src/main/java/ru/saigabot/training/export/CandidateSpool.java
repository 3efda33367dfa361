package ru.saigabot.training.export;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Where candidates wait until duplicates and per-user caps, which need the whole export, are decided.
 * The JSON lines go to a spool file in the output folder, in order; only a narrow row per candidate
 * (sequence, format, prompt hash, score, user) is copied into a temporary table, and PostgreSQL sorts
 * and ranks those. Memory stays constant: nothing here holds more than a buffer.
 */
final class CandidateSpool implements AutoCloseable {
    private final Connection connection;
    private final Path file;
    private final Writer lines;
    private final CopyIn copy;
    private final Writer copyRows;
    private long next;

    private CandidateSpool(Connection connection, Path file, Writer lines, CopyIn copy, Writer copyRows) {
        this.connection = connection;
        this.file = file;
        this.lines = lines;
        this.copy = copy;
        this.copyRows = copyRows;
    }

    /** Opens the spool on {@code connection}, which it then owns (in a transaction, the table dies with it). */
    static CandidateSpool open(Connection connection, Path file) throws SQLException, IOException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE export_candidate (seq BIGINT NOT NULL, format SMALLINT NOT NULL, "
                    + "prompt_key BIGINT NOT NULL, score INTEGER NOT NULL, user_id BIGINT) ON COMMIT DROP");
        }
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY export_candidate (seq, format, prompt_key, score, user_id) FROM STDIN");
        Writer copyRows = new BufferedWriter(new OutputStreamWriter(new PGCopyOutputStream(copy, 1 << 16),
                StandardCharsets.UTF_8), 1 << 16);
        return new CandidateSpool(connection, file, Files.newBufferedWriter(file, StandardCharsets.UTF_8), copy,
                copyRows);
    }

    void add(Candidate candidate) {
        long seq = next++;
        try {
            copyRows.write(seq + "\t" + candidate.format().ordinal() + "\t" + candidate.promptKey() + "\t"
                    + candidate.score() + "\t" + (candidate.userId() == null ? "\\N" : candidate.userId()) + "\n");
            lines.write(candidate.format().ordinal() + "\t" + (candidate.train() ? 1 : 0) + "\t" + candidate.source()
                    + "\t" + candidate.promptTimeMillis() + "\t" + candidate.json() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool export candidate " + seq + " to " + file, e);
        }
    }

    /** A candidate read back from the spool, with what the whole-export rules decided. */
    record Decided(ExportFormat format, boolean train, String source, long promptTimeMillis, String json,
                   DropRule dropped) {}

    /** What {@link #decide} feeds each candidate to. */
    interface DecidedSink {
        void accept(Decided decided) throws IOException;
    }

    /**
     * Ends the copy, ranks duplicates and per-user shares in the database, and feeds every candidate,
     * in the order it was added, to {@code sink}: the drop list comes sorted by sequence and is merged
     * with the spool file, both read front to back.
     */
    void decide(int maxPerUser, DecidedSink sink) throws SQLException, IOException {
        copyRows.close();
        lines.close();
        String sql = """
                SELECT seq, CASE WHEN copy_no > 1 THEN 'D' ELSE 'U' END FROM (
                  SELECT seq, copy_no, CASE WHEN copy_no = 1 AND user_id IS NOT NULL THEN
                         row_number() OVER (PARTITION BY format, user_id, copy_no = 1 ORDER BY score DESC, seq) END AS user_no
                  FROM (SELECT seq, format, user_id, score,
                               row_number() OVER (PARTITION BY format, prompt_key ORDER BY score DESC, seq) AS copy_no
                        FROM export_candidate) ranked) capped
                WHERE copy_no > 1 OR user_no > ?
                ORDER BY seq
                """;
        try (PreparedStatement statement = connection.prepareStatement(sql);
             BufferedReader spooled = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            statement.setFetchSize(ConversationReader.FETCH_SIZE);
            statement.setLong(1, maxPerUser == 0 ? Long.MAX_VALUE : maxPerUser);
            try (ResultSet drop = statement.executeQuery()) {
                long dropSeq = drop.next() ? drop.getLong(1) : Long.MAX_VALUE;
                for (long seq = 0; seq < next; seq++) {
                    String line = spooled.readLine();
                    if (line == null) {
                        throw new IOException("the spool file " + file + " ends at candidate " + seq + " of " + next);
                    }
                    DropRule rule = null;
                    if (seq == dropSeq) {
                        rule = "D".equals(drop.getString(2)) ? DropRule.DUPLICATE_PROMPT : DropRule.USER_CAP;
                        dropSeq = drop.next() ? drop.getLong(1) : Long.MAX_VALUE;
                    }
                    sink.accept(parse(line, rule));
                }
            }
        }
        connection.commit();
    }

    private static Decided parse(String line, DropRule rule) {
        int a = line.indexOf('\t');
        int b = line.indexOf('\t', a + 1);
        int c = line.indexOf('\t', b + 1);
        int d = line.indexOf('\t', c + 1);
        return new Decided(ExportFormat.values()[Integer.parseInt(line, 0, a, 10)], line.charAt(a + 1) == '1',
                line.substring(b + 1, c), Long.parseLong(line, c + 1, d, 10), line.substring(d + 1), rule);
    }

    @Override
    public void close() throws IOException {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException e) {
            throw new IOException("cannot cancel the candidate copy into the database", e);
        } finally {
            lines.close();
            Files.deleteIfExists(file);
        }
    }
}
