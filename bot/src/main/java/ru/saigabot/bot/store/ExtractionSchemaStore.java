package ru.saigabot.bot.store;

import static ru.saigabot.bot.store.Statements.list;
import static ru.saigabot.bot.store.Statements.one;
import static ru.saigabot.bot.store.Statements.update;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The JSON schemas bot admins registered with /schema add, for /extract. Each is stored as {@code SchemaCheck}
 * wrote it back; an extraction copies its schema into its conversation, so replacing or removing one here changes
 * no extraction already made (nor its 🔄).
 */
public final class ExtractionSchemaStore {

    /** A registered schema: its name and its JSON. */
    public record Registered(String name, String schema) {}

    /**
     * Registers a schema, or replaces the one of that name; true when it replaced one.
     *
     * @param createdBy the admin's Telegram user id (kept only while that user is stored)
     */
    public boolean put(Tx tx, String name, String schema, long createdBy) throws SQLException {
        return one(tx.connection(), "WITH old AS (SELECT 1 FROM extraction_schema WHERE name = ?) "
                        + "INSERT INTO extraction_schema (name, schema, created_by) "
                        + "VALUES (?, ?, (SELECT id FROM tg_user WHERE id = ?)) "
                        + "ON CONFLICT (name) DO UPDATE SET schema = EXCLUDED.schema, created_by = EXCLUDED.created_by, "
                        + "created_at = now() RETURNING EXISTS (SELECT 1 FROM old) AS replaced",
                row -> row.getBoolean("replaced"), name, name, schema, createdBy).orElseThrow();
    }

    public Optional<String> find(Connection connection, String name) throws SQLException {
        return one(connection, "SELECT schema FROM extraction_schema WHERE name = ?", row -> row.getString("schema"),
                name);
    }

    /** Every registered schema, by name. */
    public List<Registered> all(Connection connection) throws SQLException {
        return list(connection, "SELECT name, schema FROM extraction_schema ORDER BY name",
                row -> new Registered(row.getString("name"), row.getString("schema")));
    }

    public boolean remove(Tx tx, String name) throws SQLException {
        return update(tx.connection(), "DELETE FROM extraction_schema WHERE name = ?", name) == 1;
    }
}
