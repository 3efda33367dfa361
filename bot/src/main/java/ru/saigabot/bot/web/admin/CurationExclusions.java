package ru.saigabot.bot.web.admin;

import static ru.saigabot.bot.store.Statements.nullableLong;
import static ru.saigabot.bot.store.Statements.one;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import ru.saigabot.bot.web.WebError;
import ru.saigabot.bot.web.admin.CurationStore.Exclusion;

/**
 * The operator's marks that take an answer, or a whole conversation, out of the training data
 * ({@code training_exclusion}; {@code train export} leaves them out). Marking twice keeps the first mark: a page sent
 * twice (a double click, a retry) changes nothing.
 */
final class CurationExclusions {
    /** As the table's check allows. */
    static final int MAX_REASON_CHARS = 500;

    /** A mark, and whether this request made it (false: it was there already). */
    record Marked(Exclusion exclusion, boolean created) {}

    /** What the mark is on. */
    sealed interface Target permits AnswerTarget, ConversationTarget {}

    record AnswerTarget(long messageId) implements Target {}

    record ConversationTarget(long conversationId) implements Target {}

    private static final String COLUMNS = "id, message_id, conversation_id, reason, excluded_by, created_at";

    /**
     * Marks {@code target} with {@code reason} by web user {@code webUserId}; run in one transaction. A message
     * that is not an answer, or that does not exist, is refused ({@link WebError}).
     */
    Marked exclude(Connection tx, Target target, String reason, long webUserId) throws SQLException {
        if (target instanceof AnswerTarget answer) {
            Optional<String> role = one(tx, "SELECT role FROM message WHERE id = ?", row -> row.getString("role"),
                    answer.messageId());
            if (role.isEmpty()) {
                throw WebError.notFound("There is no message " + answer.messageId() + "; it may have been deleted "
                        + "(/forget, retention).");
            }
            if (!role.get().equals("assistant")) {
                throw WebError.badRequest("Message " + answer.messageId() + " is a question, not an answer; exclude "
                        + "its answer, or the whole conversation.");
            }
            return mark(tx, "INSERT INTO training_exclusion (message_id, reason, excluded_by) VALUES (?, ?, ?) "
                            + "ON CONFLICT (message_id) WHERE message_id IS NOT NULL DO NOTHING RETURNING " + COLUMNS,
                    "SELECT " + COLUMNS + " FROM training_exclusion WHERE message_id = ?", answer.messageId(), reason,
                    webUserId);
        }
        long conversationId = ((ConversationTarget) target).conversationId();
        if (one(tx, "SELECT 1 FROM conversation WHERE id = ?", row -> true, conversationId).isEmpty()) {
            throw WebError.notFound("There is no conversation " + conversationId + "; it may have been deleted "
                    + "(/forget, retention).");
        }
        return mark(tx, "INSERT INTO training_exclusion (conversation_id, reason, excluded_by) VALUES (?, ?, ?) "
                        + "ON CONFLICT (conversation_id) WHERE conversation_id IS NOT NULL DO NOTHING RETURNING "
                        + COLUMNS, "SELECT " + COLUMNS + " FROM training_exclusion WHERE conversation_id = ?",
                conversationId, reason, webUserId);
    }

    private static Marked mark(Connection tx, String insert, String existing, long id, String reason, long webUserId)
            throws SQLException {
        Optional<Exclusion> made = one(tx, insert, CurationExclusions::exclusion, id, reason, webUserId);
        if (made.isPresent()) {
            return new Marked(made.get(), true);
        }
        return new Marked(one(tx, existing, CurationExclusions::exclusion, id).orElseThrow(), false);
    }

    /** Takes mark {@code id} away; empty when there was none (taken away already). */
    Optional<Exclusion> undo(Connection connection, long id) throws SQLException {
        return one(connection, "DELETE FROM training_exclusion WHERE id = ? RETURNING " + COLUMNS,
                CurationExclusions::exclusion, id);
    }

    private static Exclusion exclusion(ResultSet row) throws SQLException {
        Long messageId = nullableLong(row, "message_id");
        Long conversationId = nullableLong(row, "conversation_id");
        return new Exclusion(row.getLong("id"), messageId != null ? "answer" : "conversation", messageId,
                conversationId, row.getString("reason"), nullableLong(row,
                "excluded_by"), CurationStore.time(row, "created_at"));
    }
}
