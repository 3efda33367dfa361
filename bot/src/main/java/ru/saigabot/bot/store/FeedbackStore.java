package ru.saigabot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Votes on answers: one current vote per user per answer, every change kept in the history. */
public final class FeedbackStore {

    /** What a vote did. */
    public enum Outcome { RECORDED, CHANGED, UNCHANGED, NOT_FOUND }

    /**
     * Records {@code vote} by {@code userId} on answer {@code answerMessageId}, which must be an
     * answer in {@code chatId}: nobody can vote on another chat's answers.
     */
    public Outcome vote(Connection tx, long chatId, long answerMessageId, long userId, Vote vote, String source)
            throws SQLException {
        try (PreparedStatement check = tx.prepareStatement(
                "SELECT 1 FROM message WHERE id = ? AND chat_id = ? AND role = 'assistant'")) {
            check.setLong(1, answerMessageId);
            check.setLong(2, chatId);
            try (ResultSet row = check.executeQuery()) {
                if (!row.next()) {
                    return Outcome.NOT_FOUND;
                }
            }
        }
        Integer previous = null;
        try (PreparedStatement current = tx.prepareStatement(
                "SELECT vote FROM feedback WHERE message_id = ? AND user_id = ? FOR UPDATE")) {
            current.setLong(1, answerMessageId);
            current.setLong(2, userId);
            try (ResultSet row = current.executeQuery()) {
                if (row.next()) {
                    previous = row.getInt(1);
                }
            }
        }
        if (previous != null && previous == vote.value()) {
            return Outcome.UNCHANGED;
        }
        try (PreparedStatement upsert = tx.prepareStatement(
                "INSERT INTO feedback (message_id, user_id, vote, source) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (message_id, user_id) DO UPDATE SET vote = EXCLUDED.vote, "
                        + "source = EXCLUDED.source, updated_at = now()")) {
            upsert.setLong(1, answerMessageId);
            upsert.setLong(2, userId);
            upsert.setInt(3, vote.value());
            upsert.setString(4, source);
            upsert.executeUpdate();
        }
        try (PreparedStatement event = tx.prepareStatement(
                "INSERT INTO feedback_event (message_id, user_id, vote, source) VALUES (?, ?, ?, ?)")) {
            event.setLong(1, answerMessageId);
            event.setLong(2, userId);
            event.setInt(3, vote.value());
            event.setString(4, source);
            event.executeUpdate();
        }
        return previous == null ? Outcome.RECORDED : Outcome.CHANGED;
    }

    /** Removes {@code userId}'s vote on an answer of {@code chatId} (a reaction taken back); false when there was none. */
    public boolean withdraw(Connection tx, long chatId, long answerMessageId, long userId) throws SQLException {
        try (PreparedStatement delete = tx.prepareStatement(
                "DELETE FROM feedback f USING message m WHERE f.message_id = ? AND f.user_id = ? "
                        + "AND m.id = f.message_id AND m.chat_id = ?")) {
            delete.setLong(1, answerMessageId);
            delete.setLong(2, userId);
            delete.setLong(3, chatId);
            if (delete.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement event = tx.prepareStatement(
                "INSERT INTO feedback_event (message_id, user_id, vote, source) VALUES (?, ?, 0, 'reaction')")) {
            event.setLong(1, answerMessageId);
            event.setLong(2, userId);
            event.executeUpdate();
        }
        return true;
    }
}
