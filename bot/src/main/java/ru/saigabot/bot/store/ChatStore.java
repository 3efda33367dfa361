package ru.saigabot.bot.store;

import static ru.saigabot.bot.store.Statements.list;
import static ru.saigabot.bot.store.Statements.nullableLong;
import static ru.saigabot.bot.store.Statements.one;
import static ru.saigabot.bot.store.Statements.update;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Users, chats and which conversation each chat is in. What every message reads of them (the user and chat as
 * last stored, the chat's current conversation) is kept in the {@link ConversationCache}, updated here once the
 * writing transaction has committed.
 */
public final class ChatStore {
    private final ConversationCache cache;

    public ChatStore(ConversationCache cache) {
        this.cache = cache;
    }

    /** Records a user as Telegram shows them now; an unchanged user is not written again. */
    public void remember(Tx tx, TelegramUser user) throws SQLException {
        if (!cache.isStored(user)) {
            upsertUser(tx.connection(), user);
            tx.afterCommit(() -> cache.userStored(user));
        }
    }

    /** Records a chat as Telegram shows it now (and active again); an unchanged one is not written again. */
    public void remember(Tx tx, ConversationCache.ChatRow chat) throws SQLException {
        if (!cache.isStored(chat)) {
            upsertChat(tx.connection(), chat.id(), chat.kind(), chat.title());
            tx.afterCommit(() -> cache.chatStored(chat));
        }
    }

    public void upsertUser(Connection tx, TelegramUser user) throws SQLException {
        update(tx, "INSERT INTO tg_user (id, first_name, username, language_code) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET first_name = EXCLUDED.first_name, "
                        + "username = EXCLUDED.username, language_code = EXCLUDED.language_code, updated_at = now() "
                        + "WHERE (tg_user.first_name, tg_user.username, tg_user.language_code) IS DISTINCT FROM "
                        + "(EXCLUDED.first_name, EXCLUDED.username, EXCLUDED.language_code)", user.id(),
                user.firstName(), user.username(), user.languageCode());
    }

    public void upsertChat(Connection tx, long chatId, ChatKind kind, String title) throws SQLException {
        update(tx, "INSERT INTO chat (id, kind, title) VALUES (?, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title, active = true, "
                + "updated_at = now() WHERE (chat.kind, chat.title, chat.active) IS DISTINCT FROM "
                + "(EXCLUDED.kind, EXCLUDED.title, true)", chatId, kind.dbName(), title);
    }

    /**
     * The current conversation of a chat, or of one forum topic ({@code threadId} 0 outside forums), started with
     * {@code systemPrompt} when there is none. Read from the cache when it knows; otherwise the chat row is locked
     * so two updates of one chat cannot both start a conversation. (Only the dispatcher's thread starts
     * conversations, so the cached id needs no lock.)
     */
    public long currentConversation(Tx tx, long chatId, long threadId, String systemPrompt) throws SQLException {
        Optional<Long> cached = cache.currentConversation(chatId, threadId);
        if (cached.isPresent()) {
            return cached.get();
        }
        Connection connection = tx.connection();
        Long current = one(connection, "SELECT current_conversation_id FROM chat WHERE id = ? FOR UPDATE",
                row -> Optional.ofNullable(nullableLong(row, "current_conversation_id")), chatId)
                .orElseThrow(() -> new SQLException("chat " + chatId + " is not stored; upsert it first"))
                .orElse(null);
        if (threadId != 0) {
            // A topic's conversation is its newest chat: /new in a topic simply starts a newer one, and an /extract
            // there, in a conversation of its own, leaves it as it is.
            current = one(connection, "SELECT max(id) AS id FROM conversation WHERE chat_id = ? AND thread_id = ? "
                    + "AND purpose = 'chat'", row -> nullableLong(row, "id"), chatId, threadId).orElse(null);
        }
        if (current == null) {
            return startConversation(tx, chatId, threadId, systemPrompt);
        }
        long found = current;
        tx.afterCommit(() -> cache.currentConversationStored(chatId, threadId, found));
        return found;
    }

    /** Starts a new conversation and makes it the current one of the chat or topic; older ones stay stored. */
    public long startConversation(Tx tx, long chatId, long threadId, String systemPrompt) throws SQLException {
        long conversationId = one(tx.connection(), "INSERT INTO conversation (chat_id, thread_id, system_prompt) "
                + "VALUES (?, ?, ?) RETURNING id", row -> row.getLong("id"), chatId, threadId, systemPrompt)
                .orElseThrow();
        if (threadId == 0) {
            setCurrent(tx.connection(), chatId, conversationId);
        }
        tx.afterCommit(() -> cache.currentConversationStored(chatId, threadId, conversationId));
        return conversationId;
    }

    /**
     * Makes a stored conversation of this chat current again and returns its title ("" when it has none yet);
     * empty when it is not this chat's.
     */
    public Optional<String> switchBack(Tx tx, long chatId, long conversationId) throws SQLException {
        Optional<String> title = setCurrent(tx.connection(), chatId, conversationId);
        if (title.isPresent()) {
            tx.afterCommit(() -> cache.currentConversationStored(chatId, 0, conversationId));
        }
        return title;
    }

    private static Optional<String> setCurrent(Connection tx, long chatId, long conversationId) throws SQLException {
        return one(tx, "UPDATE chat SET current_conversation_id = c.id, updated_at = now() FROM conversation c "
                        + "WHERE chat.id = ? AND c.id = ? AND c.chat_id = chat.id AND c.thread_id = 0 "
                        + "AND c.purpose = 'chat' "
                        + "RETURNING coalesce(c.title, '') AS title", row -> row.getString("title"), chatId,
                conversationId);
    }

    /** A conversation as /chats lists it. */
    public record ConversationSummary(long id, String title, Instant lastActivity, int messages) {}

    /** The chat's most recently active conversations (outside forum topics; extractions are not), newest first. */
    public List<ConversationSummary> recentConversations(Connection connection, long chatId, int limit)
            throws SQLException {
        return list(connection, "SELECT c.id, c.title, coalesce(max(m.created_at), c.created_at) AS last, "
                        + "count(m.id) AS messages FROM conversation c "
                        + "LEFT JOIN message m ON m.conversation_id = c.id AND m.chat_id = c.chat_id "
                        + "WHERE c.chat_id = ? AND c.thread_id = 0 AND c.purpose = 'chat' "
                        + "GROUP BY c.id ORDER BY last DESC, c.id DESC LIMIT ?",
                row -> new ConversationSummary(row.getLong("id"), row.getString("title"),
                        row.getTimestamp("last").toInstant(), row.getInt("messages")), chatId, limit);
    }

    /** The chat's settings as stored (JSON), or {@code {}}. */
    public String settingsJson(Connection connection, long chatId) throws SQLException {
        return one(connection, "SELECT settings::text AS settings FROM chat WHERE id = ?",
                row -> row.getString("settings"), chatId).orElse("{}");
    }

    public void saveSettingsJson(Connection tx, long chatId, String json) throws SQLException {
        if (update(tx, "UPDATE chat SET settings = ?::jsonb, updated_at = now() WHERE id = ?", json, chatId) != 1) {
            throw new SQLException("chat " + chatId + " is not stored; upsert it first");
        }
    }

    /**
     * Nothing more is sent to the chat (the bot was blocked or removed); the next update from it makes it active
     * again (see {@link #remember(Tx, ConversationCache.ChatRow)}).
     */
    public void markInactive(Tx tx, long chatId) throws SQLException {
        update(tx.connection(), "UPDATE chat SET active = false, updated_at = now() WHERE id = ? AND active", chatId);
        tx.afterCommit(() -> cache.chatDeactivated(chatId));
    }
}
