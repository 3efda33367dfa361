package ru.saigabot.training.export;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * Streams the answered annotation tasks that have decided votes. Live battles are left out here: their vote
 * becomes a preference pair of the chat's messages, exported with the conversation around the prompt (so an
 * operator's exclusion of one of its answers or of its conversation applies to it there). Annotation tasks hold their
 * prompt and answers as text, not as messages: the dashboard's exclusions, which mark messages and conversations,
 * cannot reach them.
 */
final class ArenaTaskReader {
    private static final String SQL = """
            SELECT t.id, t.prompt, t.system_prompt, t.answer_a, t.answer_b, t.created_at,
                   count(*) FILTER (WHERE v.choice = 'a'), count(*) FILTER (WHERE v.choice = 'b'),
                   count(*) FILTER (WHERE v.choice = 'tie'), count(*) FILTER (WHERE v.choice = 'both_bad')
            FROM arena_task t
            JOIN arena_vote v ON v.task_id = t.id
            WHERE t.origin = 'task' AND t.answer_a IS NOT NULL AND t.answer_b IS NOT NULL AND v.choice IN ('a', 'b', 'tie', 'both_bad')
            GROUP BY t.id
            ORDER BY t.id
            """;

    void read(Connection connection, Consumer<ArenaTaskVotes> sink) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            statement.setFetchSize(ConversationReader.FETCH_SIZE);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    sink.accept(new ArenaTaskVotes(row.getLong(1), row.getString(2), row.getString(3),
                            row.getString(4), row.getString(5), row.getTimestamp(6).toInstant(), row.getInt(7),
                            row.getInt(8), row.getInt(9), row.getInt(10)));
                }
            }
        }
    }
}
