package ru.saigabot.bot.api.keys;

import static ru.saigabot.bot.store.Statements.one;
import static ru.saigabot.bot.store.Statements.update;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.SecretTokens;
import ru.saigabot.bot.store.Statements;

/**
 * The API keys: made and revoked by {@code saiga-bot api-keys}, checked on every API request. Only a key's SHA-256
 * is stored, so a copy of the database gives no working key. Nothing is cached: a revoked key fails on its very next
 * request, whichever process revoked it.
 */
public final class ApiKeyStore {
    /** Marks the string as a key of this bot, as sk- does for OpenAI's, so secret scanners and people recognise it. */
    static final String KEY_START = "sk-saiga-";
    /** How much of a key {@code list} shows: the marker and three random characters. */
    static final int PREFIX_LENGTH = 12;
    private static final String COLUMNS =
            "id, name, key_prefix, requests_per_minute, created_at, last_used_at, revoked_at";

    /** A key just made: the record, and the key itself, which exists nowhere else from now on. */
    public record Created(ApiKey apiKey, String key) {
        /** Without the key: a record's own toString would put it in any log line that mentions this value. */
        @Override
        public String toString() {
            return "Created[apiKey=" + apiKey + ", key=" + apiKey.prefix() + "…]";
        }
    }

    private final Database database;
    private final SecretTokens tokens = new SecretTokens();

    public ApiKeyStore(Database database) {
        this.database = database;
    }

    /**
     * Makes a key: 32 random bytes, base64url, after {@link #KEY_START}. Refuses, with a message saying what to do, a
     * bad name or limit and a name already taken (revoked keys keep theirs: their stored requests stay theirs).
     */
    public Created add(String name, Integer requestsPerMinute) {
        ApiKey.checkName(name);
        ApiKey.checkRequestsPerMinute(requestsPerMinute);
        String key = tokens.next(KEY_START);
        return database.inTransaction(tx -> {
            Optional<ApiKey> stored = one(tx, "INSERT INTO api_key (name, key_hash, key_prefix, requests_per_minute) "
                            + "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING RETURNING " + COLUMNS,
                    ApiKeyStore::apiKey, name, sha256(key), key.substring(0, PREFIX_LENGTH), requestsPerMinute);
            if (stored.isPresent()) {
                return new Created(stored.get(), key);
            }
            // Empty for an active key: the mapper's null is no row to Statements.one.
            throw nameTaken(name, one(tx, "SELECT revoked_at FROM api_key WHERE name = ?",
                    row -> instant(row, "revoked_at"), name));
        });
    }

    private static IllegalArgumentException nameTaken(String name, Optional<Instant> revokedAt) {
        return new IllegalArgumentException(revokedAt.isPresent()
                ? "an API key named " + name + " was revoked at " + revokedAt.get() + "; its name stays with the "
                        + "requests it made, so choose another name"
                : "an API key named " + name + " exists; revoke it or choose another name");
    }

    /** Every key, revoked ones too, oldest first. */
    public List<ApiKey> list() {
        return database.query(connection -> Statements.list(connection,
                "SELECT " + COLUMNS + " FROM api_key ORDER BY id", ApiKeyStore::apiKey));
    }

    /** Revokes the active key of this name; false when there is none (never made, or revoked already). */
    public boolean revoke(String name) {
        return database.query(connection -> update(connection,
                "UPDATE api_key SET revoked_at = now() WHERE name = ? AND revoked_at IS NULL", name) == 1);
    }

    /**
     * The active key {@code presentedKey} is, or empty. Looked up by its hash, so no comparison of secrets happens
     * here at all: how long the index lookup takes can only tell an attacker how much of a SHA-256 matched, and
     * choosing a key for a wanted hash is what SHA-256 makes impossible; a constant-time comparison would guard
     * nothing. {@code last_used_at} is written at most once a minute, so busy keys do not write a row per request.
     */
    public Optional<ApiKey> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        String hash = sha256(presentedKey);
        return database.query(connection -> {
            Optional<Found> found = one(connection, "SELECT " + COLUMNS + ", (last_used_at IS NULL "
                    + "OR last_used_at < now() - interval '1 minute') AS touch FROM api_key "
                    + "WHERE key_hash = ? AND revoked_at IS NULL",
                    row -> new Found(apiKey(row), row.getBoolean("touch")), hash);
            if (found.isEmpty() || !found.get().touch()) {
                return found.map(Found::key);
            }
            // The WHERE checks again: of concurrent requests, one writes the row.
            Optional<ApiKey> touched = one(connection, "UPDATE api_key SET last_used_at = now() "
                    + "WHERE id = ? AND revoked_at IS NULL "
                    + "AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') RETURNING " + COLUMNS,
                    ApiKeyStore::apiKey, found.get().key().id());
            return touched.or(() -> found.map(Found::key));
        });
    }

    /** A key found by its hash, and whether its last use is to be recorded (in the database's clock). */
    private record Found(ApiKey key, boolean touch) {}

    /**
     * Stores the key's own user and chat (kind 'api'), named after it, unless they exist: its requests are stored
     * like a Telegram user's, and messages and generations refer to both. Call it in the transaction that stores the
     * key's first request; it changes nothing later (a rename is impossible, so the name never goes stale).
     */
    public void ensureIdentity(Connection tx, ApiKey key) throws SQLException {
        update(tx, "INSERT INTO tg_user (id, first_name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", key.userId(),
                key.name());
        update(tx, "INSERT INTO chat (id, kind, title) VALUES (?, 'api', ?) ON CONFLICT (id) DO NOTHING", key.chatId(),
                key.name());
    }

    static String sha256(String key) {
        return SecretTokens.hash(key);
    }

    private static ApiKey apiKey(ResultSet row) throws SQLException {
        int limit = row.getInt("requests_per_minute");
        Integer requestsPerMinute = row.wasNull() ? null : limit;
        return new ApiKey(row.getLong("id"), row.getString("name"), row.getString("key_prefix"), requestsPerMinute,
                instant(row, "created_at"), instant(row, "last_used_at"), instant(row, "revoked_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
