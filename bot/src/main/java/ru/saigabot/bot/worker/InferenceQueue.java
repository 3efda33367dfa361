package ru.saigabot.bot.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import ru.saigabot.bot.generation.GenerationQueries;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.generation.QueueClaim;
import ru.saigabot.bot.store.Statements;

/**
 * The generation table as a job queue between the bot and inference workers (#8); the request's own columns
 * are written by {@link GenerationRepository}, the text parts and the workers' heartbeats here. The bot publishes
 * the prepared request of a running generation; a worker claims it with a lease, appends numbered parts
 * of text and finishes it. Every claim bumps the attempt number, and writes name their worker and attempt: once a
 * lease has expired and the job was claimed again, the old attempt's writes change nothing, and no other worker
 * writes with an attempt that is not its own.
 */
public final class InferenceQueue {
    /** Notified with the generation id when a job gets text or ends: the bot follows it. */
    public static final String CHANNEL = "saiga_inference";
    /** Notified with the generation id when a job is published: idle workers claim it. */
    public static final String JOBS_CHANNEL = "saiga_inference_jobs";

    private final GenerationRepository generations;
    private final GenerationQueries queries = new GenerationQueries();

    public InferenceQueue(GenerationRepository generations) {
        this.generations = generations;
    }

    /** Text of one attempt. */
    public record Part(int seq, String delta) {}

    /**
     * What the bot sees of a job: the current attempt, whether a worker holds it, its place among
     * unclaimed jobs (0 once claimed), its new parts, and the result once written; how often workers claimed
     * it, and whether it is {@code exhausted}: claimed as often as it may be, and the last lease ran out.
     */
    public record Progress(int attempt, boolean claimed, int place, List<Part> parts, String resultJson, int claims,
                           boolean exhausted) {}

    /**
     * Publishes a running generation's request for workers, to be claimed at most {@code maxAttempts} times, and
     * returns the attempt number it starts from: attempts above it are workers' claims. The same request published
     * again (the bot restarted while a worker ran it) is adopted, not redone; a different one bumps the attempt, so
     * whatever a worker still writes for the old one is refused, and drops the old text.
     */
    public int publish(Connection tx, long generationId, String requestJson, int maxAttempts) throws SQLException {
        GenerationRepository.Published published = generations.publish(tx, generationId, requestJson, maxAttempts);
        if (published.fresh()) {
            deleteParts(tx, generationId);
            notify(tx, JOBS_CHANNEL, generationId);
        }
        return published.attempt();
    }

    /**
     * Claims the next job whose lease is free or expired (see {@link GenerationRepository#claim} for the
     * order); the bot is told, so it shows "typing" and counts the wait.
     */
    public Optional<QueueClaim> claim(Connection tx, String workerId, int leaseSeconds) throws SQLException {
        Optional<QueueClaim> claim = generations.claim(tx, workerId, leaseSeconds);
        if (claim.isPresent()) {
            notify(tx, CHANNEL, claim.get().generationId());
        }
        return claim;
    }

    /**
     * Extends a lease; false when {@code workerId} does not hold it with this claim's attempt (reclaimed, answered,
     * or deleted).
     */
    public boolean renew(Connection tx, QueueClaim claim, String workerId, int leaseSeconds) throws SQLException {
        return generations.renewLease(tx, claim, workerId, leaseSeconds);
    }

    /**
     * Appends text of an attempt; false (nothing written) unless {@code workerId} holds the job with this claim's
     * attempt. The job's row is share-locked: a part appended while the bot abandons the job would otherwise be
     * written after abandon's delete looked, and stay behind; this way one waits for the other.
     */
    public boolean append(Connection tx, QueueClaim claim, String workerId, int seq, String delta)
            throws SQLException {
        int written = Statements.update(tx, "INSERT INTO generation_part (generation_id, attempt, seq, delta) "
                + "SELECT id, inference_attempt, ?, ? FROM generation WHERE id = ? AND inference_attempt = ? "
                + "AND worker_id = ? AND inference_result IS NULL FOR SHARE", seq, delta, claim.generationId(),
                claim.attempt(), workerId);
        if (written != 1) {
            return false;
        }
        notify(tx, CHANNEL, claim.generationId());
        return true;
    }

    /**
     * Writes an attempt's result; false unless {@code workerId} holds the job with this claim's attempt and nobody
     * ended it yet.
     */
    public boolean finish(Connection tx, QueueClaim claim, String workerId, String resultJson) throws SQLException {
        if (!generations.writeResult(tx, claim, workerId, resultJson)) {
            return false;
        }
        notify(tx, CHANNEL, claim.generationId());
        return true;
    }

    /**
     * The bot ends a job itself (/stop, an edited question): its worker is told, and stops. The bot keeps
     * the text shown so far, so the prompt copy and the parts go at once.
     */
    public void abandon(Connection tx, long generationId, String resultJson) throws SQLException {
        generations.abandon(tx, generationId, resultJson);
        deleteParts(tx, generationId);
        notify(tx, JOBS_CHANNEL, generationId);
    }

    /**
     * The bot fails a job whose workers all lost their leases ({@link Progress#exhausted}): the result is the
     * failure, so a worker that comes back late writes nothing, and is told to stop. False when the last worker
     * answered or renewed its lease first.
     */
    public boolean giveUp(Connection tx, long generationId, String failureJson) throws SQLException {
        if (!generations.giveUp(tx, generationId, failureJson)) {
            return false;
        }
        deleteParts(tx, generationId);
        notify(tx, JOBS_CHANNEL, generationId);
        return true;
    }

    /** Parts of the current attempt after {@code afterSeq} (-1: all), and the result once written. */
    public Optional<Progress> progress(Connection connection, long generationId, int knownAttempt, int afterSeq)
            throws SQLException {
        Optional<Progress> job = Statements.one(connection, "SELECT inference_attempt, worker_id IS NOT NULL AS claimed, "
                        + "inference_result::text AS result, inference_claims, "
                        + "(inference_claims >= inference_claim_limit AND lease_until < now()) IS TRUE AS exhausted "
                        + "FROM generation WHERE id = ?",
                row -> new Progress(row.getInt("inference_attempt"), row.getBoolean("claimed"), 0, List.of(),
                        row.getString("result"), row.getInt("inference_claims"), row.getBoolean("exhausted")),
                generationId);
        if (job.isEmpty()) {
            return Optional.empty();
        }
        Progress read = job.get();
        int place = read.claimed() || read.resultJson() != null ? 0
                : queries.placeAmongUnclaimed(connection, generationId);
        // A new attempt starts its text over: the caller sees the attempt change and resets what it shows.
        int after = read.attempt() == knownAttempt ? afterSeq : -1;
        List<Part> parts = Statements.list(connection, "SELECT seq, delta FROM generation_part WHERE generation_id = ? "
                        + "AND attempt = ? AND seq > ? ORDER BY seq", row -> new Part(row.getInt("seq"),
                        row.getString("delta")), generationId, read.attempt(), after);
        return Optional.of(new Progress(read.attempt(), read.claimed(), place, List.copyOf(parts), read.resultJson(),
                read.claims(), read.exhausted()));
    }

    /** Jobs published and not yet claimed: the queue in front of the workers. */
    public int waiting(Connection connection) throws SQLException {
        return queries.unclaimed(connection);
    }

    /** Clears the copy of the prompt and the parts once the bot has taken the answer. */
    public void clear(Connection tx, long generationId) throws SQLException {
        generations.dropRequest(tx, generationId);
        deleteParts(tx, generationId);
    }

    private static void deleteParts(Connection tx, long generationId) throws SQLException {
        Statements.update(tx, "DELETE FROM generation_part WHERE generation_id = ?", generationId);
    }

    /**
     * A worker says it is alive. Workers unseen for a day are dropped here too: each start without
     * --worker-id names a new one, and the table would otherwise grow with every restart.
     */
    public void heartbeat(Connection tx, String workerId, String model, int slots) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "DELETE FROM inference_worker WHERE seen_at < now() - interval '1 day'")) {
            statement.executeUpdate();
        }
        try (PreparedStatement statement = tx.prepareStatement(
                "INSERT INTO inference_worker (id, model, slots) VALUES (?, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET seen_at = now(), model = EXCLUDED.model, slots = EXCLUDED.slots")) {
            statement.setString(1, workerId);
            statement.setString(2, model);
            statement.setInt(3, slots);
            statement.executeUpdate();
        }
    }

    /** The model of the worker seen last, if any worker has been seen. */
    public Optional<String> newestModel(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT model FROM inference_worker ORDER BY seen_at DESC LIMIT 1");
             ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
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

    private static void notify(Connection tx, String channel, long generationId) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement("SELECT pg_notify(?, ?)")) {
            statement.setString(1, channel);
            statement.setString(2, Long.toString(generationId));
            statement.execute();
        }
    }
}
