package ru.saigabot.bot.web.chat;

import static ru.saigabot.bot.store.Statements.list;
import static ru.saigabot.bot.store.Statements.nullableLong;
import static ru.saigabot.bot.store.Statements.one;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What the page reads of live battles and annotation tasks, always scoped by the web user: a vote row is found only
 * through its annotator (the web user) and, for a battle, through the user's own chat. Votes themselves are recorded
 * by {@link ru.saigabot.bot.store.ArenaStore} and {@link ru.saigabot.bot.store.LiveBattleStore}, as Telegram's
 * buttons record them.
 */
final class WebArenaStore {

    /**
     * One answer of a live battle, as shown.
     *
     * @param label        "A" (shown first, on the left) or "B"
     * @param status       the generation's: queued, running, done, failed or cancelled
     * @param messageId    the stored answer, once there is one
     * @param content      its text, once there is one
     * @param answerStatus the stored answer's: complete, cut or failed
     */
    record Side(String label, long generationId, String status, Long messageId, String content, String answerStatus) {
        boolean open() {
            return status.equals("queued") || status.equals("running");
        }

        boolean answered() {
            return messageId != null && !"failed".equals(answerStatus);
        }
    }

    /**
     * A live battle of the web user.
     *
     * @param choice the user's choice in the terms they saw ("a": the answer shown as A), or null before the vote
     * @param sides  in the order shown: A, then B
     */
    record Battle(long voteId, long conversationId, String prompt, String choice, List<Side> sides) {
        boolean open() {
            return sides.stream().anyMatch(Side::open);
        }

        boolean answered() {
            return sides.size() == 2 && sides.stream().allMatch(Side::answered);
        }
    }

    /** Live battle {@code voteId} of the web user, or empty when it is not theirs (or not a live battle). */
    Optional<Battle> battle(Connection connection, long chatId, long userId, long voteId) throws SQLException {
        record Row(long conversationId, String prompt, String choice, boolean leftIsA, Side side) {}
        List<Row> rows = list(connection, "SELECT g.conversation_id, t.prompt, v.choice, v.left_side, g.arena_shown, "
                        + "g.id, g.status, m.id AS message_id, m.content, m.status AS answer_status FROM arena_vote v "
                        + "JOIN arena_task t ON t.id = v.task_id AND t.origin = 'live' AND t.chat_id = ? "
                        + "JOIN generation g ON g.arena_task_id = t.id AND g.chat_id = ? "
                        + "LEFT JOIN message m ON m.id = g.answer_message_id "
                        + "WHERE v.id = ? AND v.annotator_id = ? ORDER BY g.arena_shown, g.id",
                row -> new Row(row.getLong("conversation_id"), row.getString("prompt"), row.getString("choice"),
                        row.getString("left_side").equals("a"), new Side(row.getString("arena_shown"),
                        row.getLong("id"), row.getString("status"), nullableLong(row, "message_id"),
                        row.getString("content"), row.getString("answer_status"))),
                chatId, chatId, voteId, userId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Row first = rows.get(0);
        return Optional.of(new Battle(voteId, first.conversationId(), first.prompt(),
                shownChoice(first.choice(), first.leftIsA()), rows.stream().map(Row::side).toList()));
    }

    /** The live battle that question {@code questionId} of the chat became (by /battle or --arena-share), if any. */
    Optional<Long> battleOf(Connection connection, long chatId, long questionId) throws SQLException {
        return one(connection, "SELECT v.id FROM generation g JOIN arena_vote v ON v.task_id = g.arena_task_id "
                        + "WHERE g.chat_id = ? AND g.user_message_id = ? AND g.arena_task_id IS NOT NULL "
                        + "ORDER BY v.id DESC LIMIT 1", row -> row.getLong("id"), chatId, questionId);
    }

    /**
     * The battle of a conversation still waiting for the web user's vote: on its last question, with no other
     * answer asked for since (an edited question replaces the battle's answer). The page shows it with its buttons.
     */
    Optional<Long> pendingBattle(Connection connection, long chatId, long userId, long conversationId)
            throws SQLException {
        return one(connection, "SELECT v.id FROM generation g "
                        + "JOIN arena_task t ON t.id = g.arena_task_id AND t.origin = 'live' "
                        + "JOIN arena_vote v ON v.task_id = t.id AND v.annotator_id = ? AND v.choice IS NULL "
                        + "WHERE g.chat_id = ? AND g.conversation_id = ? "
                        + "AND g.user_message_id = (SELECT max(q.id) FROM message q WHERE q.chat_id = ? "
                        + "AND q.conversation_id = ? AND q.role = 'user') "
                        + "AND NOT EXISTS (SELECT 1 FROM generation o WHERE o.user_message_id = g.user_message_id "
                        + "AND o.id > g.id AND o.arena_task_id IS NULL) ORDER BY v.id DESC LIMIT 1",
                row -> row.getLong("id"), userId, chatId, conversationId, chatId, conversationId);
    }

    /** Whether vote row {@code voteId} of the annotator belongs to an annotation task (not a live battle). */
    boolean isTask(Connection connection, long annotatorId, long voteId) throws SQLException {
        return one(connection, "SELECT 1 FROM arena_vote v JOIN arena_task t ON t.id = v.task_id "
                + "WHERE v.id = ? AND v.annotator_id = ? AND t.origin = 'task'", row -> true, voteId, annotatorId)
                .isPresent();
    }

    /** A stored choice (task's terms: "a" is variant a) in the terms the person saw ("a" is the answer shown as A). */
    static String shownChoice(String stored, boolean leftIsA) {
        if (stored == null || leftIsA) {
            return stored;
        }
        return switch (stored) {
            case "a" -> "b";
            case "b" -> "a";
            default -> stored;
        };
    }
}
