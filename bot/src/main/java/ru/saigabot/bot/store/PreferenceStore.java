package ru.saigabot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import ru.saigabot.bot.generation.GenerationReason;

/**
 * Preference pairs from votes on answers to the same user message: after 🔄 or an edit there are two
 * or more, and a user's 👍 on one of them prefers it to each sibling that user did not also like.
 * Pairs follow the votes: a 👍 that becomes a 👎 takes its pairs back.
 */
public final class PreferenceStore {

    /** Brings the pairs in line with {@code userId}'s new vote on {@code answerId}. */
    public void voteChanged(Connection tx, long chatId, long answerId, long userId, Vote vote) throws SQLException {
        boolean liked = vote == Vote.UP;
        try (PreparedStatement delete = tx.prepareStatement("DELETE FROM preference_pair WHERE chat_id = ? AND "
                + (liked ? "rejected_message_id" : "chosen_message_id") + " = ? AND source IN ('regenerate', 'edit')")) {
            delete.setLong(1, chatId);
            delete.setLong(2, answerId);
            delete.executeUpdate();
        }
        String siblingCondition = liked
                ? "coalesce((SELECT f.vote FROM feedback f WHERE f.message_id = s.id AND f.user_id = ?), 0) <> 1"
                : "EXISTS (SELECT 1 FROM feedback f WHERE f.message_id = s.id AND f.user_id = ? AND f.vote = 1)";
        try (PreparedStatement insert = tx.prepareStatement(
                "INSERT INTO preference_pair (chat_id, prompt_message_id, chosen_message_id, rejected_message_id, source) "
                        + "SELECT chat_id, prompt, chosen, rejected, source FROM ("
                        + "SELECT a.chat_id, a.reply_to_id AS prompt, "
                        + "CASE WHEN ? THEN a.id ELSE s.id END AS chosen, CASE WHEN ? THEN s.id ELSE a.id END AS rejected, "
                        + "CASE WHEN ga.reason = ? OR gs.reason = ? THEN 'edit' ELSE 'regenerate' END AS source "
                        + "FROM message a JOIN message s ON s.reply_to_id = a.reply_to_id AND s.chat_id = a.chat_id "
                        + "AND s.id <> a.id AND s.role = 'assistant' AND s.status <> 'failed' "
                        + "LEFT JOIN generation ga ON ga.answer_message_id = a.id "
                        + "LEFT JOIN generation gs ON gs.answer_message_id = s.id "
                        + "WHERE a.id = ? AND a.chat_id = ? AND a.role = 'assistant' AND " + siblingCondition + ") p "
                        // after an edit the older answer replied to another text: only the newer can be chosen
                        + "WHERE source <> 'edit' OR chosen > rejected "
                        + "ON CONFLICT (chosen_message_id, rejected_message_id) DO NOTHING")) {
            insert.setBoolean(1, liked);
            insert.setBoolean(2, liked);
            insert.setString(3, GenerationReason.EDIT.dbName());
            insert.setString(4, GenerationReason.EDIT.dbName());
            insert.setLong(5, answerId);
            insert.setLong(6, chatId);
            insert.setLong(7, userId);
            insert.executeUpdate();
        }
    }
}
