package ru.saigabot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Users, chats and which conversation each chat is in. */
public final class ChatStore {

    public void upsertUser(Connection tx, TelegramUser user) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "INSERT INTO tg_user (id, first_name, username, language_code) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET first_name = EXCLUDED.first_name, "
                        + "username = EXCLUDED.username, language_code = EXCLUDED.language_code, updated_at = now() "
                        + "WHERE (tg_user.first_name, tg_user.username, tg_user.language_code) IS DISTINCT FROM "
                        + "(EXCLUDED.first_name, EXCLUDED.username, EXCLUDED.language_code)")) {
            statement.setLong(1, user.id());
            statement.setString(2, user.firstName());
            statement.setString(3, user.username());
            statement.setString(4, user.languageCode());
            statement.executeUpdate();
        }
    }

    public void upsertChat(Connection tx, long chatId, ChatKind kind, String title) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "INSERT INTO chat (id, kind, title) VALUES (?, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title, active = true, "
                        + "updated_at = now() WHERE (chat.kind, chat.title, chat.active) IS DISTINCT FROM "
                        + "(EXCLUDED.kind, EXCLUDED.title, true)")) {
            statement.setLong(1, chatId);
            statement.setString(2, kind.dbName());
            statement.setString(3, title);
            statement.executeUpdate();
        }
    }

    /**
     * The current conversation of a chat, or of one forum topic ({@code threadId} 0 outside forums),
     * started with {@code systemPrompt} when there is none. The chat row is locked so two updates of
     * one chat cannot both start a conversation.
     */
    public long currentConversation(Connection tx, long chatId, long threadId, String systemPrompt) throws SQLException {
        Long current = null;
        try (PreparedStatement statement = tx.prepareStatement(
                "SELECT current_conversation_id FROM chat WHERE id = ? FOR UPDATE")) {
            statement.setLong(1, chatId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("chat " + chatId + " is not stored; upsert it first");
                }
                long id = row.getLong(1);
                current = row.wasNull() ? null : id;
            }
        }
        if (threadId != 0) {
            // A topic's conversation is its newest one: /new in a topic simply starts a newer one.
            try (PreparedStatement statement = tx.prepareStatement(
                    "SELECT max(id) FROM conversation WHERE chat_id = ? AND thread_id = ?")) {
                statement.setLong(1, chatId);
                statement.setLong(2, threadId);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    long id = row.getLong(1);
                    current = row.wasNull() ? null : id;
                }
            }
        }
        return current != null ? current : startConversation(tx, chatId, threadId, systemPrompt);
    }

    /** Starts a new conversation and makes it the current one of the chat or topic; older ones stay stored. */
    public long startConversation(Connection tx, long chatId, long threadId, String systemPrompt) throws SQLException {
        long conversationId;
        try (PreparedStatement insert = tx.prepareStatement(
                "INSERT INTO conversation (chat_id, thread_id, system_prompt) VALUES (?, ?, ?) RETURNING id")) {
            insert.setLong(1, chatId);
            insert.setLong(2, threadId);
            insert.setString(3, systemPrompt);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                conversationId = row.getLong(1);
            }
        }
        if (threadId == 0) {
            switchTo(tx, chatId, conversationId);
        }
        return conversationId;
    }

    /** Makes a stored conversation of this chat current again; false when it is not this chat's. */
    public boolean switchTo(Connection tx, long chatId, long conversationId) throws SQLException {
        return switchBack(tx, chatId, conversationId).isPresent();
    }

    /**
     * Makes a stored conversation of this chat current again and returns its title ("" when it has
     * none yet); empty when it is not this chat's.
     */
    public java.util.Optional<String> switchBack(Connection tx, long chatId, long conversationId) throws SQLException {
        try (PreparedStatement update = tx.prepareStatement(
                "UPDATE chat SET current_conversation_id = c.id, updated_at = now() FROM conversation c "
                        + "WHERE chat.id = ? AND c.id = ? AND c.chat_id = chat.id AND c.thread_id = 0 "
                        + "RETURNING coalesce(c.title, '')")) {
            update.setLong(1, chatId);
            update.setLong(2, conversationId);
            try (ResultSet row = update.executeQuery()) {
                return row.next() ? java.util.Optional.of(row.getString(1)) : java.util.Optional.empty();
            }
        }
    }

    /** A conversation as /chats lists it. */
    public record ConversationSummary(long id, String title, java.time.Instant lastActivity, int messages) {}

    /** The chat's most recently active conversations (outside forum topics), newest first. */
    public java.util.List<ConversationSummary> recentConversations(Connection connection, long chatId, int limit)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT c.id, c.title, coalesce(max(m.created_at), c.created_at) AS last, count(m.id) "
                        + "FROM conversation c LEFT JOIN message m ON m.conversation_id = c.id AND m.chat_id = c.chat_id "
                        + "WHERE c.chat_id = ? AND c.thread_id = 0 GROUP BY c.id ORDER BY last DESC, c.id DESC LIMIT ?")) {
            statement.setLong(1, chatId);
            statement.setInt(2, limit);
            java.util.List<ConversationSummary> result = new java.util.ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    result.add(new ConversationSummary(row.getLong(1), row.getString(2),
                            row.getTimestamp(3).toInstant(), row.getInt(4)));
                }
            }
            return result;
        }
    }

    /** The chat's settings as stored (JSON), or {@code {}}. */
    public String settingsJson(Connection connection, long chatId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT settings::text FROM chat WHERE id = ?")) {
            statement.setLong(1, chatId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : "{}";
            }
        }
    }

    public void saveSettingsJson(Connection tx, long chatId, String json) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE chat SET settings = ?::jsonb, updated_at = now() WHERE id = ?")) {
            statement.setString(1, json);
            statement.setLong(2, chatId);
            if (statement.executeUpdate() != 1) {
                throw new SQLException("chat " + chatId + " is not stored; upsert it first");
            }
        }
    }

    public void markInactive(Connection tx, long chatId) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE chat SET active = false, updated_at = now() WHERE id = ? AND active")) {
            statement.setLong(1, chatId);
            statement.executeUpdate();
        }
    }
}
