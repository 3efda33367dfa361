package ru.saigabot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The turns of conversations. Every read is scoped by chat. */
public final class MessageStore {
    private final ConversationCache cache;

    public MessageStore(ConversationCache cache) {
        this.cache = cache;
    }

    /** A group message the bot was not asked about: kept as context for when it is. Returns its id. */
    public long addContextMessage(Tx tx, long conversationId, long chatId, long authorId, String authorName,
                                  String content, long tgMessageId) throws SQLException {
        long id = Statements.one(tx.connection(), "INSERT INTO message (conversation_id, chat_id, role, author_id, "
                        + "content, tg_message_id) VALUES (?, ?, 'user', ?, ?, ?) RETURNING id", row -> row.getLong("id"),
                conversationId, chatId, authorId, content, tgMessageId).orElseThrow();
        StoredMessage stored = new StoredMessage(id, conversationId, chatId, "user", content, tgMessageId, authorName);
        tx.afterCommit(() -> cache.messageStored(stored));
        return id;
    }

    /**
     * A conversation as a prompt reads it, from the cache (a miss reads {@link #loadTurns}): every answer reads
     * it, and a long chat must cost no more per message than a new one.
     */
    public ConversationCache.Turns turns(Connection connection, long chatId, long conversationId) {
        return cache.turns(conversationId, () -> {
            try {
                return loadTurns(connection, chatId, conversationId);
            } catch (SQLException e) {
                throw new StoreException("cannot load conversation " + conversationId + " of chat " + chatId + ": "
                        + e.getMessage(), e);
            }
        });
    }

    /** {@link StoredMessage#position()} in SQL: an answer sits at the message it answers. */
    private static final String POSITION =
            "CASE WHEN m.role = 'assistant' AND m.reply_to_id IS NOT NULL THEN m.reply_to_id ELSE m.id END";

    /** The most recent turns a prompt can use: bounds what a busy group's context costs to load. */
    static final int MAX_TURNS_LOADED = 200;
    /**
     * How far the window moves when it is full. Moving it by one message at a time would change the start of every
     * prompt of a busy group with every message, and llama.cpp would evaluate the whole context again for each
     * question; in steps, the start stays put for {@value} messages.
     */
    static final int WINDOW_STEP = 50;

    /**
     * How many of a conversation's {@code total} turns the window holds: all up to {@link #MAX_TURNS_LOADED}, then
     * between {@code MAX_TURNS_LOADED - WINDOW_STEP + 1} and {@code MAX_TURNS_LOADED}, growing by one per message and
     * falling back by {@link #WINDOW_STEP} when full, as the cache does it message by message.
     */
    static int windowSize(long total) {
        if (total <= MAX_TURNS_LOADED) {
            return (int) total;
        }
        int floor = MAX_TURNS_LOADED - WINDOW_STEP + 1;
        return floor + (int) Math.floorMod(total - floor, (long) WINDOW_STEP);
    }

    /**
     * A conversation's system prompt and its latest turns ({@link #windowSize}), oldest first. Failed and replaced
     * answers are left out: the model should see neither its error placeholders nor answers a user rejected.
     */
    public ConversationCache.Turns loadTurns(Connection connection, long chatId, long conversationId)
            throws SQLException {
        String systemPrompt = systemPrompt(connection, chatId, conversationId);
        long total = Statements.one(connection, "SELECT count(*) AS total FROM message m WHERE m.chat_id = ? "
                        + "AND m.conversation_id = ? AND m.status <> 'failed' AND m.superseded_at IS NULL",
                row -> row.getLong("total"), chatId, conversationId).orElse(0L);
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT * FROM (SELECT m.id, m.conversation_id, m.chat_id, m.role, m.content, m.tg_message_id, "
                        + "u.first_name, m.reply_to_id, " + POSITION + " AS position FROM message m "
                        + "LEFT JOIN tg_user u ON u.id = m.author_id "
                        + "WHERE m.chat_id = ? AND m.conversation_id = ? AND m.status <> 'failed' "
                        + "AND m.superseded_at IS NULL ORDER BY position DESC, m.id DESC LIMIT ?) recent "
                        + "ORDER BY position, id")) {
            statement.setLong(1, chatId);
            statement.setLong(2, conversationId);
            statement.setInt(3, windowSize(total));
            List<StoredMessage> messages = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    messages.add(new StoredMessage(row.getLong("id"), row.getLong("conversation_id"),
                            row.getLong("chat_id"), row.getString("role"), row.getString("content"),
                            Statements.nullableLong(row, "tg_message_id"), row.getString("first_name"),
                            Statements.nullableLong(row, "reply_to_id")));
                }
            }
            return new ConversationCache.Turns(systemPrompt, messages, total > messages.size());
        }
    }

    /** A user's message found by its Telegram id, as an edit refers to it. */
    public record UserMessageRef(long id, long conversationId) {}

    /**
     * The chat message a Telegram message became. An extraction's text is not one: it is the /extract command's
     * argument or the message it replied to, and an edit of either is not an edit of the extraction.
     */
    public Optional<UserMessageRef> userMessageByTelegramId(Connection connection, long chatId, long tgMessageId)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT m.id, m.conversation_id FROM message m JOIN conversation c ON c.id = m.conversation_id "
                        + "WHERE m.chat_id = ? AND m.tg_message_id = ? AND m.role = 'user' AND c.purpose = 'chat' "
                        + "ORDER BY m.id DESC LIMIT 1")) {
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

    /**
     * A user corrected their message (an edit): the conversation's cached turns are read again, and the passages
     * of the chat's documents found for the old text are forgotten, so the next answer searches for the new one.
     */
    public void updateContent(Tx tx, long chatId, long conversationId, long messageId, String content)
            throws SQLException {
        Statements.update(tx.connection(), "UPDATE message SET content = ?, grounding = NULL WHERE id = ? "
                + "AND chat_id = ?", content, messageId, chatId);
        Statements.update(tx.connection(), "DELETE FROM message_source WHERE message_id = ?", messageId);
        tx.afterCommit(() -> cache.turnsChanged(conversationId));
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
