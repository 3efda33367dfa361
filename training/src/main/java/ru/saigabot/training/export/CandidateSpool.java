package ru.saigabot.training.export;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Where candidates wait until duplicates and per-user caps, which need the whole export, are decided.
 * The JSON lines go to a spool file in the output folder, in order; only a narrow row per candidate
 * (sequence, format, prompt hash, score, user) is copied into a temporary table, and PostgreSQL sorts
 * and ranks those. Memory stays constant: nothing here holds more than a buffer and one line.
 */
final class CandidateSpool implements AutoCloseable {
    private final Connection connection;
    private final Path file;
    private final OutputStream lines;
    private final CopyIn copy;
    private final Writer copyRows;
    private long next;

    private CandidateSpool(Connection connection, Path file, OutputStream lines, CopyIn copy, Writer copyRows) {
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
                StandardCharsets.US_ASCII), 1 << 16);
        return new CandidateSpool(connection, file, new BufferedOutputStream(Files.newOutputStream(file), 1 << 16),
                copy, copyRows);
    }

    void add(Candidate candidate) {
        long seq = next++;
        try {
            copyRows.write(seq + "\t" + candidate.format().ordinal() + "\t" + candidate.promptKey() + "\t"
                    + candidate.score() + "\t" + (candidate.userId() == null ? "\\N" : candidate.userId()) + "\n");
            // Header: format, split, neutralised, grounded, source, prompt time; then the JSON line (which never
            // holds a raw newline).
            lines.write((candidate.format().ordinal() + "\t" + (candidate.train() ? 1 : 0) + "\t"
                    + (candidate.neutralised() ? 1 : 0) + "\t" + (candidate.grounded() ? 1 : 0) + "\t"
                    + candidate.source() + "\t" + candidate.promptTimeMillis() + "\t")
                    .getBytes(StandardCharsets.UTF_8));
            lines.write(candidate.line());
            lines.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool export candidate " + seq + " to " + file, e);
        }
    }

    /** A candidate read back from the spool, with what the whole-export rules decided. */
    static final class Decided {
        ExportFormat format;
        boolean train;
        boolean neutralised;
        boolean grounded;
        String source;
        long promptTimeMillis;
        /** The JSON line is {@code buffer[lineStart, lineEnd)}; valid until the next candidate is read. */
        byte[] buffer;
        int lineStart;
        int lineEnd;
        DropRule dropped;
    }

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
             InputStream spooled = Files.newInputStream(file)) {
            statement.setFetchSize(ConversationReader.FETCH_SIZE);
            statement.setLong(1, maxPerUser == 0 ? Long.MAX_VALUE : maxPerUser);
            try (ResultSet drop = statement.executeQuery()) {
                long dropSeq = drop.next() ? drop.getLong(1) : Long.MAX_VALUE;
                Decided decided = new Decided();
                decided.buffer = new byte[1 << 14];
                Chunk chunk = new Chunk(spooled);
                for (long seq = 0; seq < next; seq++) {
                    readLine(chunk, decided, seq);
                    decided.dropped = null;
                    if (seq == dropSeq) {
                        decided.dropped = "D".equals(drop.getString(2)) ? DropRule.DUPLICATE_PROMPT : DropRule.USER_CAP;
                        dropSeq = drop.next() ? drop.getLong(1) : Long.MAX_VALUE;
                    }
                    sink.accept(decided);
                }
            }
        }
        connection.commit();
    }

    /** Reads one spooled line into {@code into}, parsing its header; the buffer grows for long lines. */
    private void readLine(Chunk in, Decided into, long seq) throws IOException {
        int length = 0;
        int tabs = 0;
        int[] tab = new int[6];
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the spool file " + file + " ends at candidate " + seq + " of " + next);
            }
            if (length == into.buffer.length) {
                into.buffer = Arrays.copyOf(into.buffer, length * 2);
            }
            if (b == '\t' && tabs < tab.length) {
                tab[tabs++] = length;
            }
            into.buffer[length++] = (byte) b;
        }
        byte[] line = into.buffer;
        into.format = ExportFormat.values()[line[0] - '0'];
        into.train = line[tab[0] + 1] == '1';
        into.neutralised = line[tab[1] + 1] == '1';
        into.grounded = line[tab[2] + 1] == '1';
        into.source = new String(line, tab[3] + 1, tab[4] - tab[3] - 1, StandardCharsets.UTF_8);
        into.promptTimeMillis = Long.parseLong(new String(line, tab[4] + 1, tab[5] - tab[4] - 1,
                StandardCharsets.US_ASCII));
        into.lineStart = tab[5] + 1;
        into.lineEnd = length;
    }

    /** An unsynchronised read buffer: the spool is read a byte at a time, hundreds of megabytes of it. */
    private static final class Chunk {
        private final InputStream in;
        private final byte[] bytes = new byte[1 << 16];
        private int position;
        private int limit;

        Chunk(InputStream in) {
            this.in = in;
        }

        int read() throws IOException {
            if (position == limit) {
                limit = in.read(bytes, 0, bytes.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            return bytes[position++] & 0xff;
        }
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
