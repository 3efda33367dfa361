package ru.saigabot.training.arena;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads the decided arena votes (annotation tasks and live battles) through the schema in migrations/. */
public final class ArenaVoteReader {
    /** Which votes to read: those of every task, of /annotate's tasks only, or of /arena's live battles only. */
    public enum Origin {
        ALL, TASK, LIVE;

        /** The value of {@code arena_task.origin} this stands for; null for {@link #ALL}. */
        public String dbName() {
            return this == ALL ? null : name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String SQL = """
            SELECT v.task_id, v.annotator_id, va.spec, vb.spec, v.left_side, v.choice, t.control
            FROM arena_vote v
            JOIN arena_task t ON t.id = v.task_id
            JOIN arena_variant va ON va.id = t.variant_a
            JOIN arena_variant vb ON vb.id = t.variant_b
            WHERE v.choice IN ('a', 'b', 'tie', 'both_bad') AND t.answer_a IS NOT NULL AND t.answer_b IS NOT NULL
              AND (?::text IS NULL OR t.origin = ?::text)
            ORDER BY v.task_id, v.id
            """;

    /** Every decided vote, as {@code arena report} counts them. */
    public List<ArenaVote> read(Connection connection) throws SQLException {
        return read(connection, Origin.ALL);
    }

    public List<ArenaVote> read(Connection connection, Origin origin) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            statement.setString(1, origin.dbName());
            statement.setString(2, origin.dbName());
            try (ResultSet row = statement.executeQuery()) {
                List<ArenaVote> votes = new ArrayList<>();
                while (row.next()) {
                    String control = row.getString(7);
                    votes.add(new ArenaVote(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4),
                            row.getString(5).equals("a"), Verdict.of(row.getString(6)),
                            control == null ? null : Verdict.of(control)));
                }
                return votes;
            }
        }
    }
}
