package ru.saigabot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Updates as received, keyed by update_id. A batch is recorded (handled, or stored to be handled) before
 * the next getUpdates confirms it, so a crash loses nothing; the key makes a re-delivered update a no-op.
 * Once handled, only the key and the bookkeeping stay; updates given up on keep their payload next to
 * their error.
 */
public final class UpdateInbox {
    private final Database database;

    public UpdateInbox(Database database) {
        this.database = database;
    }

    /**
     * Stores a batch to be handled later, atomically in one auto-committed statement (one round trip, one
     * durable commit); returns the ids of the updates that were new (a re-delivered one is stored already).
     */
    public Set<Long> store(List<InboxUpdate> updates) {
        if (updates.isEmpty()) {
            return Set.of();
        }
        String[] payloads = updates.stream().map(InboxUpdate::payload).toArray(String[]::new);
        return database.query(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO telegram_update (update_id, kind, chat_id, payload) "
                            + "SELECT id, kind, chat, payload::jsonb FROM unnest(?::bigint[], ?::text[], ?::bigint[], "
                            + "?::text[]) AS batch (id, kind, chat, payload) ON CONFLICT (update_id) DO NOTHING "
                            + "RETURNING update_id")) {
                bindKeys(connection, statement, updates);
                statement.setArray(4, connection.createArrayOf("text", payloads));
                return addedIds(statement);
            }
        });
    }

    /**
     * Records updates as handled in {@code tx}, the transaction their handlers write in, before they run;
     * returns the ids that were new. A re-delivered update is stored already and must not be handled again.
     * Nothing of the update's content is written: if the transaction fails, nothing of it stays, and the
     * poller has not confirmed the batch to Telegram, which delivers it again.
     */
    public Set<Long> storeHandled(Connection tx, List<InboxUpdate> updates) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "INSERT INTO telegram_update (update_id, kind, chat_id, handled_at, attempts) "
                        + "SELECT id, kind, chat, now(), 1 FROM unnest(?::bigint[], ?::text[], ?::bigint[]) "
                        + "AS batch (id, kind, chat) ON CONFLICT (update_id) DO NOTHING RETURNING update_id")) {
            bindKeys(tx, statement, updates);
            return addedIds(statement);
        }
    }

    /** Parameters 1-3 of a batch insert: the updates' ids, kinds and chats, as arrays for unnest. */
    private static void bindKeys(Connection connection, PreparedStatement insert, List<InboxUpdate> updates)
            throws SQLException {
        Long[] ids = new Long[updates.size()];
        String[] kinds = new String[updates.size()];
        Long[] chats = new Long[updates.size()];
        for (int i = 0; i < updates.size(); i++) {
            InboxUpdate update = updates.get(i);
            ids[i] = update.updateId();
            kinds[i] = update.kind();
            chats[i] = update.chatId();
        }
        insert.setArray(1, connection.createArrayOf("bigint", ids));
        insert.setArray(2, connection.createArrayOf("text", kinds));
        insert.setArray(3, connection.createArrayOf("bigint", chats));
    }

    private static Set<Long> addedIds(PreparedStatement insert) throws SQLException {
        Set<Long> added = new HashSet<>();
        try (ResultSet row = insert.executeQuery()) {
            while (row.next()) {
                added.add(row.getLong(1));
            }
        }
        return added;
    }

    /** Unhandled updates in the order Telegram numbered them. */
    public List<InboxUpdate> pending(int limit) {
        return database.query(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT update_id, kind, chat_id, payload::text, attempts FROM telegram_update "
                            + "WHERE handled_at IS NULL ORDER BY update_id LIMIT ?")) {
                statement.setInt(1, limit);
                List<InboxUpdate> updates = new ArrayList<>();
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        long chatId = row.getLong(3);
                        updates.add(new InboxUpdate(row.getLong(1), row.getString(2), row.wasNull() ? null : chatId,
                                row.getString(4), row.getInt(5)));
                    }
                }
                return updates;
            }
        });
    }

    /**
     * Marks updates handled inside the handlers' own transaction, so both commit or neither. The update's
     * text goes: a handled row only keeps its update_id from being handled twice.
     */
    public void markHandled(Connection tx, List<Long> updateIds) throws SQLException {
        if (updateIds.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = tx.prepareStatement("UPDATE telegram_update SET handled_at = now(), "
                + "attempts = attempts + 1, payload = NULL WHERE update_id = ANY (?)")) {
            statement.setArray(1, tx.createArrayOf("bigint", updateIds.toArray()));
            statement.executeUpdate();
        }
    }

    /** An update that can never be handled (unreadable): marked handled with its error, in {@code tx}. */
    public void giveUp(Connection tx, long updateId, String error) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE telegram_update SET handled_at = now(), attempts = attempts + 1, last_error = ? "
                        + "WHERE update_id = ?")) {
            statement.setString(1, error);
            statement.setLong(2, updateId);
            statement.executeUpdate();
        }
    }

    /** Counts a failed attempt; after {@code maxAttempts} the update is given up (handled, with its error). */
    public void recordFailure(long updateId, String error, int maxAttempts) {
        database.query(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE telegram_update SET attempts = attempts + 1, last_error = ?, "
                            + "handled_at = CASE WHEN attempts + 1 >= ? THEN now() END WHERE update_id = ?")) {
                statement.setString(1, error);
                statement.setInt(2, maxAttempts);
                statement.setLong(3, updateId);
                return statement.executeUpdate();
            }
        });
    }
}
