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

    public long addUserMessage(Connection tx, long conversationId, long chatId, long authorId, String content,
                               long tgMessageId) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "INSERT INTO message (conversation_id, chat_id, role, author_id, content, tg_message_id) "
                        + "VALUES (?, ?, 'user', ?, ?, ?) RETURNING id")) {
            statement.setLong(1, conversationId);
            statement.setLong(2, chatId);
            statement.setLong(3, authorId);
            statement.setString(4, content);
            statement.setLong(5, tgMessageId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    public long addAnswer(Connection tx, long conversationId, long chatId, long replyToId, AnswerRecord answer)
            throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "INSERT INTO message (conversation_id, chat_id, role, content, tg_message_id, reply_to_id, status, "
                        + "model, params, prompt_tokens, completion_tokens, queue_ms, ttft_ms, duration_ms) "
                        + "VALUES (?, ?, 'assistant', ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) RETURNING id")) {
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
            try (ResultSet row = statement.executeQuery()) {
                row.next();
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
