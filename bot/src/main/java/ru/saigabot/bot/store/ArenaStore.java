package ru.saigabot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Arena tasks (a prompt, two variants' answers) and the votes people cast on them. */
public final class ArenaStore {
    /**
     * Serialises handing out tasks, so two annotators asking at once cannot both become a task's last
     * vote beyond the overlap. The number is arbitrary; it only has to be this lock's alone.
     */
    private static final long ASSIGN_LOCK = 7_000_007L;
    /** A task shown and not answered within this long no longer holds its place in the overlap. */
    static final String ASSIGNMENT_HOLD = "1 hour";

    /** A task to store: both answers with their variants, or neither (answered later by `tasks generate`). */
    public record NewTask(String prompt, String systemPrompt, String variantA, String answerA, String variantB,
                          String answerB, String control) {}

    /** A stored task still without answers. */
    public record Unanswered(long id, String prompt) {}

    /**
     * A task as one annotator sees it: the answer shown as "A" first.
     *
     * @param leftIsA whether the task's variant a is the one shown as "A"
     */
    public record Assignment(long voteId, long taskId, String prompt, String shownA, String shownB, boolean leftIsA) {}

    public enum VoteOutcome { RECORDED, ALREADY_VOTED, NOT_FOUND }

    public long addTask(Connection tx, NewTask task) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "INSERT INTO arena_task (prompt, system_prompt, variant_a, answer_a, variant_b, answer_b, control) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            statement.setString(1, task.prompt());
            statement.setString(2, task.systemPrompt());
            setId(statement, 3, task.variantA() == null ? null : variantId(tx, task.variantA()));
            statement.setString(4, task.answerA());
            setId(statement, 5, task.variantB() == null ? null : variantId(tx, task.variantB()));
            statement.setString(6, task.answerB());
            statement.setString(7, task.control());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** Sets the answers of a task that has none; false when it was answered meanwhile (answers are written once). */
    public boolean answer(Connection tx, long taskId, String systemPrompt, String variantA, String answerA,
                          String variantB, String answerB) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE arena_task SET system_prompt = ?, variant_a = ?, answer_a = ?, variant_b = ?, answer_b = ? "
                        + "WHERE id = ? AND answer_a IS NULL")) {
            statement.setString(1, systemPrompt);
            statement.setLong(2, variantId(tx, variantA));
            statement.setString(3, answerA);
            statement.setLong(4, variantId(tx, variantB));
            statement.setString(5, answerB);
            statement.setLong(6, taskId);
            return statement.executeUpdate() == 1;
        }
    }

    public List<Unanswered> unanswered(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, prompt FROM arena_task WHERE answer_a IS NULL ORDER BY id")) {
            List<Unanswered> tasks = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    tasks.add(new Unanswered(row.getLong(1), row.getString(2)));
                }
            }
            return tasks;
        }
    }

    /** The task an annotator was shown and has not answered yet, if any: /annotate shows it again. */
    public Optional<Assignment> openAssignment(Connection connection, long annotatorId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT v.id, t.id, t.prompt, t.answer_a, t.answer_b, v.left_side FROM arena_vote v "
                        + "JOIN arena_task t ON t.id = v.task_id WHERE v.annotator_id = ? AND v.choice IS NULL "
                        + "AND t.origin = 'task' ORDER BY v.id LIMIT 1")) {
            statement.setLong(1, annotatorId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(assignment(row)) : Optional.empty();
            }
        }
    }

    /**
     * Hands the annotator the next task they have not seen that still lacks {@code overlap} votes (open
     * assignments younger than {@link #ASSIGNMENT_HOLD} count as votes to come), recording the order shown.
     * Tasks go out in the order they were loaded, so they complete one after another.
     */
    public Optional<Assignment> assignNext(Connection tx, long annotatorId, int overlap, boolean leftIsA)
            throws SQLException {
        try (PreparedStatement lock = tx.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, ASSIGN_LOCK);
            lock.execute();
        }
        long taskId;
        try (PreparedStatement statement = tx.prepareStatement(
                "SELECT t.id FROM arena_task t WHERE t.origin = 'task' AND t.answer_a IS NOT NULL "
                        + "AND NOT EXISTS (SELECT 1 FROM arena_vote v WHERE v.task_id = t.id AND v.annotator_id = ?) "
                        + "AND (SELECT count(*) FROM arena_vote v WHERE v.task_id = t.id AND (v.choice IN "
                        + "('a', 'b', 'tie', 'both_bad') OR (v.choice IS NULL AND v.shown_at > now() - interval '"
                        + ASSIGNMENT_HOLD + "'))) < ? ORDER BY t.id LIMIT 1")) {
            statement.setLong(1, annotatorId);
            statement.setInt(2, overlap);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                taskId = row.getLong(1);
            }
        }
        try (PreparedStatement insert = tx.prepareStatement(
                "INSERT INTO arena_vote (task_id, annotator_id, left_side) VALUES (?, ?, ?)")) {
            insert.setLong(1, taskId);
            insert.setLong(2, annotatorId);
            insert.setString(3, leftIsA ? "a" : "b");
            insert.executeUpdate();
        }
        return openAssignment(tx, annotatorId);
    }

    /** Whether the task of vote {@code voteId} was shown with variant a as "A"; empty when it is not the annotator's. */
    public Optional<Boolean> leftIsA(Connection tx, long voteId, long annotatorId) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "SELECT left_side FROM arena_vote WHERE id = ? AND annotator_id = ? FOR UPDATE")) {
            statement.setLong(1, voteId);
            statement.setLong(2, annotatorId);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1).equals("a")) : Optional.empty();
            }
        }
    }

    /** Records the annotator's choice (in the task's terms) on a task they were shown; a vote is never changed. */
    public VoteOutcome vote(Connection tx, long voteId, long annotatorId, String choice) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE arena_vote SET choice = ?, voted_at = now() WHERE id = ? AND annotator_id = ? "
                        + "AND choice IS NULL")) {
            statement.setString(1, choice);
            statement.setLong(2, voteId);
            statement.setLong(3, annotatorId);
            if (statement.executeUpdate() == 1) {
                return VoteOutcome.RECORDED;
            }
        }
        return leftIsA(tx, voteId, annotatorId).isPresent() ? VoteOutcome.ALREADY_VOTED : VoteOutcome.NOT_FOUND;
    }

    private static Assignment assignment(ResultSet row) throws SQLException {
        boolean leftIsA = row.getString(6).equals("a");
        String answerA = row.getString(4);
        String answerB = row.getString(5);
        return new Assignment(row.getLong(1), row.getLong(2), row.getString(3), leftIsA ? answerA : answerB,
                leftIsA ? answerB : answerA, leftIsA);
    }

    /** The id of a variant's canonical spelling, added when new. */
    static long variantId(Connection tx, String spec) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement(
                "WITH added AS (INSERT INTO arena_variant (spec) VALUES (?) ON CONFLICT (spec) DO NOTHING RETURNING id) "
                        + "SELECT id FROM added UNION ALL SELECT id FROM arena_variant WHERE spec = ?")) {
            statement.setString(1, spec);
            statement.setString(2, spec);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static void setId(PreparedStatement statement, int index, Long id) throws SQLException {
        if (id == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, id);
        }
    }
}
