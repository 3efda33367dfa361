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

    /**
     * A live battle as stored: its task, the requester's vote row, and the two generations (the one shown as "A"
     * first in the chat's queue).
     */
    public record LiveBattle(long taskId, long voteId, long firstGenerationId, String firstSide,
                             long secondGenerationId, String secondSide) {}

    /**
     * Turns the just-queued generation of a user message into the "A" side of a live battle and queues the "B"
     * side after it; the requester's vote row records which variant is shown as "A".
     */
    public LiveBattle startLive(Connection tx, long chatId, long conversationId, long userMessageId, long requesterId,
                                long firstGenerationId, String prompt, String variantA, String variantB, boolean leftIsA)
            throws SQLException {
        long taskId;
        try (PreparedStatement statement = tx.prepareStatement(
                "INSERT INTO arena_task (prompt, variant_a, variant_b, origin, chat_id) VALUES (?, ?, ?, 'live', ?) "
                        + "RETURNING id")) {
            statement.setString(1, prompt);
            statement.setLong(2, variantId(tx, variantA));
            statement.setLong(3, variantId(tx, variantB));
            statement.setLong(4, chatId);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                taskId = row.getLong(1);
            }
        }
        long voteId;
        try (PreparedStatement statement = tx.prepareStatement(
                "INSERT INTO arena_vote (task_id, annotator_id, left_side) VALUES (?, ?, ?) RETURNING id")) {
            statement.setLong(1, taskId);
            statement.setLong(2, requesterId);
            statement.setString(3, leftIsA ? "a" : "b");
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                voteId = row.getLong(1);
            }
        }
        String first = leftIsA ? "a" : "b";
        String second = leftIsA ? "b" : "a";
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE generation SET reason = 'arena', arena_task_id = ?, arena_side = ?, arena_shown = 'A' "
                        + "WHERE id = ?")) {
            statement.setLong(1, taskId);
            statement.setString(2, first);
            statement.setLong(3, firstGenerationId);
            statement.executeUpdate();
        }
        long secondGenerationId;
        try (PreparedStatement statement = tx.prepareStatement(
                "INSERT INTO generation (chat_id, conversation_id, user_message_id, requested_by, reason, arena_task_id, "
                        + "arena_side, arena_shown) VALUES (?, ?, ?, ?, 'arena', ?, ?, 'B') RETURNING id")) {
            statement.setLong(1, chatId);
            statement.setLong(2, conversationId);
            statement.setLong(3, userMessageId);
            statement.setLong(4, requesterId);
            statement.setLong(5, taskId);
            statement.setString(6, second);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                secondGenerationId = row.getLong(1);
            }
        }
        return new LiveBattle(taskId, voteId, firstGenerationId, first, secondGenerationId, second);
    }

    /**
     * Records one side's answer of a live battle. The answer shown as "B" starts superseded: until the user
     * chooses it, the conversation goes on from answer "A".
     */
    public void liveAnswered(Connection connection, long taskId, String side, String text, long answerMessageId,
                             boolean shownFirst) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE arena_task SET answer_" + (side.equals("a") ? "a" : "b") + " = ? WHERE id = ?")) {
            statement.setString(1, text);
            statement.setLong(2, taskId);
            statement.executeUpdate();
        }
        if (!shownFirst) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE message SET superseded_at = now() WHERE id = ?")) {
                statement.setLong(1, answerMessageId);
                statement.executeUpdate();
            }
        }
    }

    /**
     * After a vote on a live battle: the chosen answer continues the conversation and the other is superseded
     * (a tie or "both bad" keeps answer "A"). Returns the battle's conversation, or empty for an annotation task.
     */
    public Optional<Long> chooseLive(Connection tx, long voteId, String choice) throws SQLException {
        Long keep = null;
        Long drop = null;
        Long conversation = null;
        long chatId = 0;
        long promptId = 0;
        try (PreparedStatement statement = tx.prepareStatement(
                "SELECT g.arena_side, g.arena_shown, g.answer_message_id, g.conversation_id, g.chat_id, "
                        + "g.user_message_id FROM arena_vote v "
                        + "JOIN arena_task t ON t.id = v.task_id AND t.origin = 'live' "
                        + "JOIN generation g ON g.arena_task_id = t.id AND g.answer_message_id IS NOT NULL "
                        + "WHERE v.id = ?")) {
            statement.setLong(1, voteId);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    conversation = row.getLong(4);
                    chatId = row.getLong(5);
                    promptId = row.getLong(6);
                    boolean winner = choice.equals(row.getString(1))
                            || (!choice.equals("a") && !choice.equals("b") && row.getString(2).equals("A"));
                    if (winner) {
                        keep = row.getLong(3);
                    } else {
                        drop = row.getLong(3);
                    }
                }
            }
        }
        if (conversation == null) {
            return Optional.empty();
        }
        try (PreparedStatement statement = tx.prepareStatement(
                "UPDATE message SET superseded_at = CASE WHEN id = ? THEN NULL ELSE coalesce(superseded_at, now()) END "
                        + "WHERE id IN (?, ?)")) {
            statement.setLong(1, keep == null ? -1 : keep);
            statement.setLong(2, keep == null ? -1 : keep);
            statement.setLong(3, drop == null ? -1 : drop);
            statement.executeUpdate();
        }
        if (keep != null && drop != null && (choice.equals("a") || choice.equals("b"))) {
            // The training export reads it with the conversation around the prompt (DPO source "arena").
            try (PreparedStatement statement = tx.prepareStatement(
                    "INSERT INTO preference_pair (chat_id, prompt_message_id, chosen_message_id, rejected_message_id, "
                            + "source) VALUES (?, ?, ?, ?, 'arena') ON CONFLICT (chosen_message_id, rejected_message_id) "
                            + "DO NOTHING")) {
                statement.setLong(1, chatId);
                statement.setLong(2, promptId);
                statement.setLong(3, keep);
                statement.setLong(4, drop);
                statement.executeUpdate();
            }
        }
        return Optional.of(conversation);
    }

    private static Assignment assignment(ResultSet row) throws SQLException {
        boolean leftIsA = row.getString(6).equals("a");
        String answerA = row.getString(4);
        String answerB = row.getString(5);
        return new Assignment(row.getLong(1), row.getLong(2), row.getString(3), leftIsA ? answerA : answerB,
                leftIsA ? answerB : answerA, leftIsA);
    }

    private static long variantId(Connection tx, String spec) throws SQLException {
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
