package ru.saigabot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Live battles (/arena, --arena-share): a chat message answered by two generations, one per variant, stored as an
 * arena task of origin "live" with the requester's vote row, so the report counts them with the annotation tasks.
 */
public final class LiveBattleStore {
    private final ConversationCache cache;

    public LiveBattleStore(ConversationCache cache) {
        this.cache = cache;
    }

    /** A live battle's task, and the requester's vote row its buttons carry. */
    public record LiveTask(long taskId, long voteId) {}

    /**
     * Stores a live battle on {@code prompt} as an arena task of origin "live", with the requester's vote row,
     * which records which variant is shown as "A". Its two answers are requests of the question's chat.
     */
    public LiveTask createLive(Connection tx, long chatId, long requesterId, String prompt, String variantA,
                               String variantB, boolean leftIsA) throws SQLException {
        long taskId = Statements.one(tx, "INSERT INTO arena_task (prompt, variant_a, variant_b, origin, chat_id) "
                        + "VALUES (?, ?, ?, 'live', ?) RETURNING id", row -> row.getLong("id"), prompt,
                ArenaStore.variantId(tx, variantA), ArenaStore.variantId(tx, variantB), chatId).orElseThrow();
        long voteId = Statements.one(tx, "INSERT INTO arena_vote (task_id, annotator_id, left_side) VALUES (?, ?, ?) "
                + "RETURNING id", row -> row.getLong("id"), taskId, requesterId, leftIsA ? "a" : "b").orElseThrow();
        return new LiveTask(taskId, voteId);
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
    public Optional<Long> chooseLive(Tx transaction, long voteId, String choice) throws SQLException {
        Connection tx = transaction.connection();
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
        long changed = conversation;
        transaction.afterCommit(() -> cache.turnsChanged(changed));
        return Optional.of(conversation);
    }
}
