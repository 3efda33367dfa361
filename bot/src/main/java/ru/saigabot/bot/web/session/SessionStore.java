package ru.saigabot.bot.web.session;

import static ru.saigabot.bot.store.Statements.one;
import static ru.saigabot.bot.store.Statements.update;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.SecretTokens;
import ru.saigabot.bot.web.WebIds;

/**
 * Invites and the sessions they open. An invite link is good once and until it expires; opening it makes a web user
 * (with its own chat, kind 'web') and a session. A session lasts {@link #SESSION_DAYS} days from its last use.
 * Nothing is cached: a session deleted (signed out, /forget) fails on its next request.
 */
public final class SessionStore {
    public static final int SESSION_DAYS = 30;
    static final String INVITE_START = "inv-";
    private static final String SESSION_START = "ses-";

    /** An invite just made: the token exists nowhere else from now on. */
    public record Invite(String token, boolean admin, Instant expiresAt) {
        @Override
        public String toString() {
            return "Invite[admin=" + admin + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** A session just opened: the cookie's value, and what it stands for. */
    public record Opened(String token, WebSession session) {
        @Override
        public String toString() {
            return "Opened[" + session + "]";
        }
    }

    private final Database database;
    private final SecretTokens tokens = new SecretTokens();

    public SessionStore(Database database) {
        this.database = database;
    }

    /** Makes a one-time invite that expires after {@code validFor}. */
    public Invite invite(boolean admin, Duration validFor) {
        if (validFor.isNegative() || validFor.isZero()) {
            throw new IllegalArgumentException("an invite must be valid for some time; got " + validFor);
        }
        String token = tokens.next(INVITE_START);
        Instant expires = database.query(connection -> one(connection, "INSERT INTO web_invite (token_hash, admin, "
                        + "expires_at) VALUES (?, ?, now() + ? * interval '1 second') RETURNING expires_at",
                row -> row.getTimestamp("expires_at").toInstant(), SecretTokens.hash(token), admin,
                validFor.toSeconds()).orElseThrow());
        return new Invite(token, admin, expires);
    }

    /**
     * Opens a session with invite {@code token}, making its web user, chat and user in one transaction; empty when
     * the token is unknown, used or expired. Of two browsers opening one link at once, one gets the session.
     */
    public Optional<Opened> redeem(String token) {
        if (token == null || !token.startsWith(INVITE_START)) {
            return Optional.empty();
        }
        return database.inTransaction(tx -> {
            Optional<Boolean> admin = one(tx, "SELECT admin FROM web_invite WHERE token_hash = ? AND used_at IS NULL "
                    + "AND expires_at > now() FOR UPDATE", row -> row.getBoolean("admin"), SecretTokens.hash(token));
            if (admin.isEmpty()) {
                return Optional.empty();
            }
            long webUserId = one(tx, "INSERT INTO web_user (admin) VALUES (?) RETURNING id", row -> row.getLong("id"),
                    admin.get()).orElseThrow();
            update(tx, "UPDATE web_invite SET used_at = now(), web_user_id = ? WHERE token_hash = ?", webUserId,
                    SecretTokens.hash(token));
            storeIdentity(tx, webUserId);
            String session = tokens.next(SESSION_START);
            String csrf = tokens.next("");
            update(tx, "INSERT INTO web_session (token_hash, web_user_id, csrf_token, expires_at) "
                    + "VALUES (?, ?, ?, now() + ? * interval '1 day')", SecretTokens.hash(session), webUserId, csrf,
                    SESSION_DAYS);
            return Optional.of(new Opened(session, new WebSession(SecretTokens.hash(session), webUserId,
                    admin.get(), csrf)));
        });
    }

    /**
     * Stores the web user's own user and chat (kind 'web') unless they exist: its questions are stored like a
     * Telegram user's, and messages and generations refer to both. After /forget deleted them, the next use makes
     * them again.
     */
    public static void storeIdentity(Connection tx, long webUserId) throws SQLException {
        long id = WebIds.of(webUserId);
        String name = "web-" + webUserId;
        update(tx, "INSERT INTO tg_user (id, first_name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", id, name);
        update(tx, "INSERT INTO chat (id, kind, title) VALUES (?, 'web', ?) ON CONFLICT (id) DO NOTHING", id, name);
    }

    /**
     * The live session of cookie value {@code token}, or empty. Its expiry moves on with use, written at most once an
     * hour so that a busy page does not write a row per request; the other requests, nearly all, make one statement.
     */
    public Optional<WebSession> find(String token) {
        if (token == null || !token.startsWith(SESSION_START)) {
            return Optional.empty();
        }
        String hash = SecretTokens.hash(token);
        return database.query(connection -> {
            // Every web request signs in here: the UPDATE that moves the expiry on, sent each time, found no row to
            // change on all but one request an hour, and still cost a round trip and a statement in PostgreSQL.
            Optional<Found> found = one(connection, "SELECT s.web_user_id, s.csrf_token, u.admin, "
                            + "s.last_seen_at < now() - interval '1 hour' AS stale FROM web_session s "
                            + "JOIN web_user u ON u.id = s.web_user_id WHERE s.token_hash = ? AND s.expires_at > now()",
                    row -> new Found(new WebSession(hash, row.getLong("web_user_id"), row.getBoolean("admin"),
                            row.getString("csrf_token")), row.getBoolean("stale")), hash);
            if (found.isPresent() && found.get().stale()) {
                update(connection, "UPDATE web_session SET last_seen_at = now(), "
                        + "expires_at = now() + ? * interval '1 day' "
                        + "WHERE token_hash = ? AND last_seen_at < now() - interval '1 hour'", SESSION_DAYS, hash);
            }
            return found.map(Found::session);
        });
    }

    /** A session as {@link #find} reads it: {@code stale} when its last use was written more than an hour ago. */
    private record Found(WebSession session, boolean stale) {}

    /** Signs the session out. */
    public void close(WebSession session) {
        database.query(connection -> update(connection, "DELETE FROM web_session WHERE token_hash = ?",
                session.tokenHash()));
    }

    /** Deletes expired sessions and invites (housekeeping). */
    public int deleteExpired() {
        return database.query(connection -> update(connection, "DELETE FROM web_session WHERE expires_at < now()")
                + update(connection, "DELETE FROM web_invite WHERE used_at IS NULL AND expires_at < now() - "
                + "interval '30 days'"));
    }
}
