package ru.saigabot.bot.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The current votes on all answers, for the metrics: whole-bot counts, no one's content. */
public final class VoteCounts {

    /** Current 👍 and 👎 (a changed vote counts once, as it is now). */
    public record Votes(long up, long down) {}

    public Votes read(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT count(*) FILTER (WHERE vote = 1), count(*) FILTER (WHERE vote = -1) FROM feedback")) {
            row.next();
            return new Votes(row.getLong(1), row.getLong(2));
        }
    }
}
