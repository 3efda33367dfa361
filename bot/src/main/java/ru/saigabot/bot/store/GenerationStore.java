package ru.saigabot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Requests for answers: queued when a message is handled, done when the answer is delivered. */
public final class GenerationStore {
    private static final String SELECT = "SELECT g.id, g.chat_id, g.conversation_id, g.user_message_id, "
            + "g.requested_by, g.status, g.placeholder_tg_message_id, g.attempts, u.language_code "
            + "FROM generation g LEFT JOIN tg_user u ON u.id = g.requested_by ";

    /** The ids a new user message and its answer request got. */
    public record NewRequest(long messageId, long generationId) {}

    /** Stores a user's message and queues the request for its answer, in one round trip. */
    public NewRequest enqueueMessage(Connection tx, long conversationId, long chatId, long authorId, String content,
                                     long tgMessageId) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "WITH m AS (INSERT INTO message (conversation_id, chat_id, role, author_id, content, tg_message_id) "
                        + "VALUES (?, ?, 'user', ?, ?, ?) RETURNING id) "
                        + "INSERT INTO generation (chat_id, conversation_id, user_message_id, requested_by) "
                        + "SELECT ?, ?, m.id, ? FROM m RETURNING user_message_id, id")) {
            statement.setLong(1, conversationId);
            statement.setLong(2, chatId);
            statement.setLong(3, authorId);
            statement.setString(4, content);
            statement.setLong(5, tgMessageId);
            statement.setLong(6, chatId);
            statement.setLong(7, conversationId);
            statement.setLong(8, authorId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return new NewRequest(row.getLong(1), row.getLong(2));
            }
        }
    }
    /** Requests accepted but not answered, oldest first: after a restart these are run again. */
    public List<GenerationJob> open(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                SELECT + "WHERE g.status IN ('queued', 'running') ORDER BY g.id")) {
            List<GenerationJob> jobs = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    jobs.add(read(row));
                }
            }
            return jobs;
        }
    }

    /**
     * Marks a request running in the message that will show its answer. Returns false when the request
     * is gone (deleted by /forget or retention) or already finished. Committed without waiting for the
     * disk: after a crash the request is open either way, only a second placeholder could appear.
     */
    public boolean start(Connection tx, long id, long placeholderTgMessageId) throws SQLException {
        try (var relaxed = tx.createStatement()) {
            relaxed.execute("SET LOCAL synchronous_commit TO OFF");
        }
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE generation SET status = 'running', started_at = now(), attempts = attempts + 1, "
                        + "placeholder_tg_message_id = ? WHERE id = ? AND status IN ('queued', 'running')")) {
            statement.setLong(1, placeholderTgMessageId);
            statement.setLong(2, id);
            return statement.executeUpdate() == 1;
        }
    }
    /** Closes a request that produced no answer (refused, or failed in the engine). */
    public void markFailed(Connection tx, long id, String error) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE generation SET status = 'failed', last_error = ?, finished_at = now() WHERE id = ?")) {
            statement.setString(1, error);
            statement.setLong(2, id);
            statement.executeUpdate();
        }
    }

    /** The answer a generation produced, if it belongs to {@code chatId}: callbacks are scoped by chat. */
    public Optional<Long> answerOf(Connection connection, long chatId, long generationId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT answer_message_id FROM generation WHERE id = ? AND chat_id = ? AND answer_message_id IS NOT NULL")) {
            statement.setLong(1, generationId);
            statement.setLong(2, chatId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        }
    }

    private static GenerationJob read(ResultSet row) throws SQLException {
        long requestedBy = row.getLong(5);
        Long requester = row.wasNull() ? null : requestedBy;
        long placeholder = row.getLong(7);
        Long placeholderId = row.wasNull() ? null : placeholder;
        return new GenerationJob(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), requester,
                row.getString(6), placeholderId, row.getInt(8), row.getString(9));
    }
}
