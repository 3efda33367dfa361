package ru.saigabot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** The turns of conversations. Every read is scoped by chat. */
public final class MessageStore {
    /**
     * Stores an answer and finishes its generation request ({@code done}, or {@code failed} with
     * {@code error}) in one statement, so both commit together in one round trip.
     */
    public long addAnswer(Connection connection, long conversationId, long chatId, long replyToId, AnswerRecord answer,
                          long generationId, String error) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "WITH a AS (INSERT INTO message (conversation_id, chat_id, role, content, tg_message_id, reply_to_id, "
                        + "status, model, params, prompt_tokens, completion_tokens, queue_ms, ttft_ms, duration_ms) "
                        + "VALUES (?, ?, 'assistant', ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) RETURNING id) "
                        + "UPDATE generation g SET status = CASE WHEN ?::text IS NULL THEN 'done' ELSE 'failed' END, "
                        + "answer_message_id = a.id, last_error = ?, finished_at = now() FROM a WHERE g.id = ? "
                        + "RETURNING a.id")) {
            statement.setLong(1, conversationId);
            statement.setLong(2, chatId);
            statement.setString(3, answer.content());
            statement.setLong(4, answer.tgMessageId());
            statement.setLong(5, replyToId);
            statement.setString(6, answer.status());
            statement.setString(7, answer.model());
            statement.setObject(8, answer.paramsJson(), Types.OTHER);
            statement.setInt(9, answer.promptTokens());
            statement.setInt(10, answer.completionTokens());
            statement.setInt(11, (int) Math.min(Integer.MAX_VALUE, answer.queueMs()));
            statement.setInt(12, (int) Math.min(Integer.MAX_VALUE, answer.ttftMs()));
            statement.setInt(13, (int) Math.min(Integer.MAX_VALUE, answer.durationMs()));
            statement.setString(14, error);
            statement.setString(15, error);
            statement.setLong(16, generationId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("generation " + generationId + " of chat " + chatId + " no longer exists");
                }
                return row.getLong(1);
            }
        }
    }

    /**
     * A conversation's system prompt and turns, oldest first. Failed answers are left out: the model
     * should not see its own error placeholders.
     */
    public ConversationCache.Turns turns(Connection connection, long chatId, long conversationId) throws SQLException {
        String systemPrompt = systemPrompt(connection, chatId, conversationId);
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, conversation_id, chat_id, role, content, tg_message_id FROM message "
                        + "WHERE chat_id = ? AND conversation_id = ? AND status <> 'failed' ORDER BY id")) {
            statement.setLong(1, chatId);
            statement.setLong(2, conversationId);
            List<StoredMessage> messages = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    long tgId = row.getLong(6);
                    messages.add(new StoredMessage(row.getLong(1), row.getLong(2), row.getLong(3), row.getString(4),
                            row.getString(5), row.wasNull() ? null : tgId));
                }
            }
            return new ConversationCache.Turns(systemPrompt, messages);
        }
    }

    public String systemPrompt(Connection connection, long chatId, long conversationId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT system_prompt FROM conversation WHERE chat_id = ? AND id = ?")) {
            statement.setLong(1, chatId);
            statement.setLong(2, conversationId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("conversation " + conversationId + " of chat " + chatId + " does not exist");
                }
                return row.getString(1);
            }
        }
    }
}
