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
     * The chat's current conversation, started with {@code systemPrompt} when it has none. The chat
     * row is locked so two updates of one chat cannot both start a conversation.
     */
    public long currentConversation(Connection tx, long chatId, String systemPrompt) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "SELECT current_conversation_id FROM chat WHERE id = ? FOR UPDATE")) {
            statement.setLong(1, chatId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("chat " + chatId + " is not stored; upsert it first");
                }
                long current = row.getLong(1);
                if (!row.wasNull()) {
                    return current;
                }
            }
        }
        return startConversation(tx, chatId, systemPrompt);
    }

    public long startConversation(Connection tx, long chatId, String systemPrompt) throws SQLException {
        long conversationId;
        try (PreparedStatement insert = tx.prepareStatement(
                "INSERT INTO conversation (chat_id, system_prompt) VALUES (?, ?) RETURNING id")) {
            insert.setLong(1, chatId);
            insert.setString(2, systemPrompt);
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                conversationId = row.getLong(1);
            }
        }
        try (PreparedStatement update = tx.prepareStatement(
                "UPDATE chat SET current_conversation_id = ?, updated_at = now() WHERE id = ?")) {
            update.setLong(1, conversationId);
            update.setLong(2, chatId);
            update.executeUpdate();
        }
        return conversationId;
    }

    public void markInactive(Connection tx, long chatId) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE chat SET active = false, updated_at = now() WHERE id = ? AND active")) {
            statement.setLong(1, chatId);
            statement.executeUpdate();
        }
    }
}
