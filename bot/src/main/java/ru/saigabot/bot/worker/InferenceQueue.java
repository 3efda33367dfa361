package ru.saigabot.bot.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The generation table as a job queue between the bot and inference workers (#8). The bot publishes
 * the prepared request of a running generation; a worker claims it with a lease, appends numbered parts
 * of text and finishes it. Every claim bumps the attempt number, and writes name their attempt: once a
 * lease has expired and the job was claimed again, the old attempt's writes change nothing.
 */
public final class InferenceQueue {
    /** Notified with the generation id when a job is published, gets text or ends. */
    public static final String CHANNEL = "saiga_inference";

    /** A job a worker holds until {@code attempt}'s lease ends. */
    public record Claim(long generationId, int attempt, String requestJson) {}

    /** Text of one attempt. */
    public record Part(int seq, String delta) {}

    /** What the bot sees of a job: the current attempt, its new parts, and the result once written. */
    public record Progress(int attempt, List<Part> parts, String resultJson) {}

    /** Publishes a running generation's request for workers; a previous attempt's text is dropped. */
    public void publish(Connection tx, long generationId, String requestJson) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE generation SET inference_request = ?::jsonb, inference_result = NULL, worker_id = NULL, "
                        + "lease_until = NULL WHERE id = ?")) {
            statement.setString(1, requestJson);
            statement.setLong(2, generationId);
            statement.executeUpdate();
        }
        try (PreparedStatement statement = tx.prepareStatement("DELETE FROM generation_part WHERE generation_id = ?")) {
            statement.setLong(1, generationId);
            statement.executeUpdate();
        }
        notify(tx, generationId);
    }

    /**
     * Claims the next job whose lease is free or expired. Fair like the local scheduler as far as SQL
     * allows: the requester with the fewest jobs leased right now goes first, then the oldest job.
     */
    public Optional<Claim> claim(Connection tx, String workerId, int leaseSeconds) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "WITH next AS (SELECT g.id FROM generation g "
                        + "WHERE g.inference_request IS NOT NULL AND g.inference_result IS NULL AND g.status = 'running' "
                        + "AND (g.lease_until IS NULL OR g.lease_until < now()) "
                        + "ORDER BY (SELECT count(*) FROM generation r WHERE r.requested_by = g.requested_by "
                        + "AND r.inference_result IS NULL AND r.lease_until >= now()), g.id "
                        + "LIMIT 1 FOR UPDATE SKIP LOCKED) "
                        + "UPDATE generation g SET worker_id = ?, lease_until = now() + make_interval(secs => ?), "
                        + "inference_attempt = g.inference_attempt + 1 FROM next WHERE g.id = next.id "
                        + "RETURNING g.id, g.inference_attempt, g.inference_request::text")) {
            statement.setString(1, workerId);
            statement.setInt(2, leaseSeconds);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(new Claim(row.getLong(1), row.getInt(2), row.getString(3)))
                        : Optional.empty();
            }
        }
    }

    /** Extends a lease; false when the attempt lost it (expired and reclaimed, answered, or deleted). */
    public boolean renew(Connection tx, Claim claim, String workerId, int leaseSeconds) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE generation SET lease_until = now() + make_interval(secs => ?) WHERE id = ? "
                        + "AND inference_attempt = ? AND worker_id = ? AND inference_result IS NULL")) {
            statement.setInt(1, leaseSeconds);
            statement.setLong(2, claim.generationId());
            statement.setInt(3, claim.attempt());
            statement.setString(4, workerId);
            return statement.executeUpdate() == 1;
        }
    }

    /** Appends text of an attempt; false (nothing written) when the attempt is no longer current. */
    public boolean append(Connection tx, Claim claim, int seq, String delta) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "INSERT INTO generation_part (generation_id, attempt, seq, delta) SELECT id, inference_attempt, ?, ? "
                        + "FROM generation WHERE id = ? AND inference_attempt = ? AND inference_result IS NULL")) {
            statement.setInt(1, seq);
            statement.setString(2, delta);
            statement.setLong(3, claim.generationId());
            statement.setInt(4, claim.attempt());
            if (statement.executeUpdate() != 1) {
                return false;
            }
        }
        notify(tx, claim.generationId());
        return true;
    }

    /** Writes an attempt's result; false when another attempt or the bot already ended the job. */
    public boolean finish(Connection tx, Claim claim, String resultJson) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE generation SET inference_result = ?::jsonb, lease_until = NULL WHERE id = ? "
                        + "AND inference_attempt = ? AND inference_result IS NULL")) {
            statement.setString(1, resultJson);
            statement.setLong(2, claim.generationId());
            statement.setInt(3, claim.attempt());
            if (statement.executeUpdate() != 1) {
                return false;
            }
        }
        notify(tx, claim.generationId());
        return true;
    }

    /** The bot ends a job itself (/stop, shutdown): workers see it on their next renewal and stop. */
    public void abandon(Connection tx, long generationId, String resultJson) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE generation SET inference_result = ?::jsonb, lease_until = NULL WHERE id = ? "
                        + "AND inference_result IS NULL")) {
            statement.setString(1, resultJson);
            statement.setLong(2, generationId);
            statement.executeUpdate();
        }
    }

    /** Parts of the current attempt after {@code afterSeq} (-1: all), and the result once written. */
    public Optional<Progress> progress(Connection connection, long generationId, int knownAttempt, int afterSeq)
            throws SQLException {
        int attempt;
        String result;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT inference_attempt, inference_result::text FROM generation WHERE id = ?")) {
            statement.setLong(1, generationId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                attempt = row.getInt(1);
                result = row.getString(2);
            }
        }
        // A new attempt starts its text over: the caller sees the attempt change and resets what it shows.
        int after = attempt == knownAttempt ? afterSeq : -1;
        List<Part> parts = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT seq, delta FROM generation_part WHERE generation_id = ? AND attempt = ? AND seq > ? ORDER BY seq")) {
            statement.setLong(1, generationId);
            statement.setInt(2, attempt);
            statement.setInt(3, after);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    parts.add(new Part(row.getInt(1), row.getString(2)));
                }
            }
        }
        return Optional.of(new Progress(attempt, List.copyOf(parts), result));
    }

    /** Clears the copy of the prompt and the parts once the bot has stored the answer. */
    public void clear(Connection tx, long generationId) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE generation SET inference_request = NULL WHERE id = ?")) {
            statement.setLong(1, generationId);
            statement.executeUpdate();
        }
        try (PreparedStatement statement = tx.prepareStatement("DELETE FROM generation_part WHERE generation_id = ?")) {
            statement.setLong(1, generationId);
            statement.executeUpdate();
        }
    }

    /** A worker says it is alive. */
    public void heartbeat(Connection tx, String workerId, String model, int slots) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "INSERT INTO inference_worker (id, model, slots) VALUES (?, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET seen_at = now(), model = EXCLUDED.model, slots = EXCLUDED.slots")) {
            statement.setString(1, workerId);
            statement.setString(2, model);
            statement.setInt(3, slots);
            statement.executeUpdate();
        }
    }

    /** Workers seen within {@code seconds}. */
    public int liveWorkers(Connection connection, int seconds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM inference_worker WHERE seen_at > now() - make_interval(secs => ?)")) {
            statement.setInt(1, seconds);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static void notify(Connection tx, long generationId) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement("SELECT pg_notify(?, ?)")) {
            statement.setString(1, CHANNEL);
            statement.setString(2, Long.toString(generationId));
            statement.execute();
        }
    }
}
