package ru.saigabot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Deleting what is stored about a person (/forget) and what is older than the retention period. */
public final class PrivacyStore {
    private final ConversationCache cache;

    public PrivacyStore(ConversationCache cache) {
        this.cache = cache;
    }

    /** What a deletion removed, so caches can drop the same. */
    public record Removed(List<Long> chatIds, List<Long> conversationIds, long messages) {}

    /**
     * Removes a user's private chat (its conversations, answers, votes on them), the messages they
     * wrote in groups (with the answers to them), the live arena battles they started, their votes
     * anywhere, their settings, and the raw updates that still hold their words.
     */
    public Removed forgetUser(Tx transaction, long userId) throws SQLException {
        Connection tx = transaction.connection();
        // A private chat's id is the user's id.
        List<Long> conversations = ids(tx, "SELECT id FROM conversation WHERE chat_id = ?", userId);
        conversations.addAll(ids(tx, "SELECT DISTINCT conversation_id FROM message WHERE author_id = ?", userId));
        // A live battle copies its prompt and both answers into arena_task; in a group that row outlives the
        // user's messages unless it is deleted by who asked (the private chat's battles go with the chat).
        update(tx, "DELETE FROM arena_task t WHERE t.origin = 'live' AND EXISTS (SELECT 1 FROM generation g "
                + "JOIN message m ON m.id = g.user_message_id WHERE g.arena_task_id = t.id AND m.author_id = ?)", userId);
        // Files the user sent to groups, with their passages; those of their private chat go with the chat.
        update(tx, "DELETE FROM document WHERE added_by = ?", userId);
        long messages = update(tx, "DELETE FROM message WHERE author_id = ?", userId);
        messages += update(tx, "DELETE FROM message WHERE chat_id = ?", userId);
        update(tx, "DELETE FROM chat WHERE id = ?", userId);
        // A handled update keeps only its update_id and the chat's: the row stays, without the chat, to keep
        // guarding against a re-delivery (this very /forget is one, until the poller confirms its batch).
        update(tx, "DELETE FROM telegram_update WHERE payload IS NOT NULL AND (chat_id = ? OR jsonb_path_exists("
                + "payload, '$.*.from ? (@.id == $uid)', jsonb_build_object('uid', ?::bigint)) OR jsonb_path_exists("
                + "payload, '$.*.user ? (@.id == $uid)', jsonb_build_object('uid', ?::bigint)))", userId, userId,
                userId);
        update(tx, "UPDATE telegram_update SET chat_id = NULL WHERE chat_id = ?", userId);
        update(tx, "DELETE FROM tg_user WHERE id = ?", userId); // cascades to feedback and its history
        Removed removed = new Removed(List.of(userId), conversations, messages);
        // At once as well as after the commit: a later update of the same batch must not take the user for stored
        // (a message of theirs would then fail on its author); forgetting early costs at most a read.
        cache.forget(removed.chatIds(), List.of(userId), removed.conversationIds());
        transaction.afterCommit(() -> cache.forget(removed.chatIds(), List.of(userId), removed.conversationIds()));
        return removed;
    }

    /**
     * Deletes conversations with no message newer than {@code days} days, files users sent more than {@code days}
     * days ago, and handled updates older than two days (they only guard against re-delivery, which Telegram stops after a day).
     */
    public Removed purgeOlderThan(Tx transaction, int days) throws SQLException {
        Connection tx = transaction.connection();
        List<Long> conversations = new ArrayList<>();
        List<Long> chats = new ArrayList<>();
        try (PreparedStatement statement = tx.prepareStatement(
                "DELETE FROM conversation c WHERE c.created_at < now() - make_interval(days => ?) "
                        + "AND NOT EXISTS (SELECT 1 FROM message m WHERE m.conversation_id = c.id "
                        + "AND m.created_at >= now() - make_interval(days => ?)) RETURNING c.id, c.chat_id")) {
            statement.setInt(1, days);
            statement.setInt(2, days);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    conversations.add(row.getLong(1));
                    chats.add(row.getLong(2));
                }
            }
        }
        // Live battles hold copies of conversation text: they go when conversations of their age do.
        try (PreparedStatement statement = tx.prepareStatement(
                "DELETE FROM arena_task WHERE origin = 'live' AND created_at < now() - make_interval(days => ?)")) {
            statement.setInt(1, days);
            statement.executeUpdate();
        }
        // Files users sent are kept as long as conversations; an operator's knowledge base (docs add) stays.
        try (PreparedStatement statement = tx.prepareStatement("DELETE FROM document WHERE added_by IS NOT NULL "
                + "AND created_at < now() - make_interval(days => ?)")) {
            statement.setInt(1, days);
            statement.executeUpdate();
        }
        purgeHandledUpdates(tx);
        Removed removed = new Removed(chats, conversations, 0);
        transaction.afterCommit(() -> cache.forget(removed.chatIds(), List.of(), removed.conversationIds()));
        return removed;
    }

    public long purgeHandledUpdates(Connection tx) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "DELETE FROM telegram_update WHERE handled_at < now() - interval '2 days'")) {
            return statement.executeUpdate();
        }
    }

    private static List<Long> ids(Connection tx, String sql, long id) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(sql)) {
            statement.setLong(1, id);
            List<Long> ids = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    ids.add(row.getLong(1));
                }
            }
            return ids;
        }
    }

    private static long update(Connection tx, String sql, long... values) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setLong(i + 1, values[i]);
            }
            return statement.executeUpdate();
        }
    }
}
