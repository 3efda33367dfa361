package ru.saigabot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
                        + "status, model, params, prompt_tokens, completion_tokens, queue_ms, ttft_ms, duration_ms, "
                        + "cached_prompt_tokens) "
                        + "VALUES (?, ?, 'assistant', ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?) RETURNING id), "
                        // A regenerated or re-answered reply takes the place of the one it replaces.
                        + "s AS (UPDATE message SET superseded_at = now() FROM generation r "
                        + "WHERE r.id = ? AND message.id = r.replaces_message_id AND message.chat_id = ? "
                        + "AND ?::text IS NULL) "
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
            statement.setInt(14, answer.cachedPromptTokens());
            statement.setLong(15, generationId);
            statement.setLong(16, chatId);
            statement.setString(17, error);
            statement.setString(18, error);
            statement.setString(19, error);
            statement.setLong(20, generationId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("generation " + generationId + " of chat " + chatId + " no longer exists");
                }
                return row.getLong(1);
            }
        }
    }

    /** {@link StoredMessage#position()} in SQL: an answer sits at the message it answers. */
    private static final String POSITION =
            "CASE WHEN m.role = 'assistant' AND m.reply_to_id IS NOT NULL THEN m.reply_to_id ELSE m.id END";

    /** The most recent turns a prompt can use: bounds what a busy group's context costs to load. */
    static final int MAX_TURNS_LOADED = 200;

    /**
     * A conversation's system prompt and its latest turns, oldest first. Failed and replaced answers
     * are left out: the model should see neither its error placeholders nor answers a user rejected.
     */
    public ConversationCache.Turns turns(Connection connection, long chatId, long conversationId) throws SQLException {
        String systemPrompt = systemPrompt(connection, chatId, conversationId);
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT * FROM (SELECT m.id, m.conversation_id, m.chat_id, m.role, m.content, m.tg_message_id, "
                        + "u.first_name, m.reply_to_id, " + POSITION + " AS position FROM message m "
                        + "LEFT JOIN tg_user u ON u.id = m.author_id "
                        + "WHERE m.chat_id = ? AND m.conversation_id = ? AND m.status <> 'failed' "
                        + "AND m.superseded_at IS NULL ORDER BY position DESC, m.id DESC LIMIT ?) recent "
                        + "ORDER BY position, id")) {
            statement.setLong(1, chatId);
            statement.setLong(2, conversationId);
            statement.setInt(3, MAX_TURNS_LOADED);
            List<StoredMessage> messages = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    long tgId = row.getLong(6);
                    Long tgMessageId = row.wasNull() ? null : tgId;
                    long replyTo = row.getLong(8);
                    messages.add(new StoredMessage(row.getLong(1), row.getLong(2), row.getLong(3), row.getString(4),
                            row.getString(5), tgMessageId, row.getString(7), row.wasNull() ? null : replyTo));
                }
            }
            return new ConversationCache.Turns(systemPrompt, messages);
        }
    }

    /** A user's message found by its Telegram id, as an edit refers to it. */
    public record UserMessageRef(long id, long conversationId) {}

    public Optional<UserMessageRef> userMessageByTelegramId(Connection connection, long chatId, long tgMessageId)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, conversation_id FROM message WHERE chat_id = ? AND tg_message_id = ? "
                        + "AND role = 'user' ORDER BY id DESC LIMIT 1")) {
            statement.setLong(1, chatId);
            statement.setLong(2, tgMessageId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(new UserMessageRef(row.getLong(1), row.getLong(2)))
                        : Optional.empty();
            }
        }
    }

    /** True when no user message came after {@code messageId} in its conversation. */
    public boolean isLastUserMessage(Connection connection, long chatId, long conversationId, long messageId)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT NOT EXISTS (SELECT 1 FROM message WHERE chat_id = ? AND conversation_id = ? AND role = 'user' "
                        + "AND id > ?)")) {
            statement.setLong(1, chatId);
            statement.setLong(2, conversationId);
            statement.setLong(3, messageId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    public void updateContent(Connection tx, long chatId, long messageId, String content) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE message SET content = ? WHERE id = ? AND chat_id = ?")) {
            statement.setString(1, content);
            statement.setLong(2, messageId);
            statement.setLong(3, chatId);
            statement.executeUpdate();
        }
    }

    /** The answer message shown in Telegram message {@code tgMessageId}, as a reaction refers to it. */
    public Optional<Long> answerByTelegramId(Connection connection, long chatId, long tgMessageId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id FROM message WHERE chat_id = ? AND tg_message_id = ? AND role = 'assistant' "
                        + "ORDER BY id DESC LIMIT 1")) {
            statement.setLong(1, chatId);
            statement.setLong(2, tgMessageId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
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
