package ru.saigabot.bot.web.chat;

import static ru.saigabot.bot.store.Statements.list;
import static ru.saigabot.bot.store.Statements.nullableLong;
import static ru.saigabot.bot.store.Statements.one;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** What the web page reads of a web user's conversations: always scoped by the user's own chat. */
final class WebChatStore {
    /** The newest messages a page shows of one conversation: a page needs no more, and a long one stays fast. */
    static final int MAX_MESSAGES_SHOWN = 400;

    /**
     * One message as the page shows it.
     *
     * @param vote the web user's own vote on an answer: 1, -1 or 0
     */
    record ShownMessage(long id, String role, String content, String status, Long replyToId, int vote) {}

    /** A conversation as the page opens it: its messages, and the answer being written, if one is. */
    record ShownConversation(long id, String title, String systemPrompt, List<ShownMessage> messages,
                             Long runningGenerationId) {}

    /** True when {@code conversationId} is a chat conversation of {@code chatId}. */
    boolean owns(Connection connection, long chatId, long conversationId) throws SQLException {
        return one(connection, "SELECT 1 FROM conversation WHERE id = ? AND chat_id = ? AND purpose = 'chat'",
                row -> true, conversationId, chatId).isPresent();
    }

    Optional<ShownConversation> conversation(Connection connection, long chatId, long userId, long conversationId)
            throws SQLException {
        Optional<String[]> head = one(connection, "SELECT coalesce(title, '') AS title, system_prompt "
                        + "FROM conversation WHERE id = ? AND chat_id = ? AND purpose = 'chat'",
                row -> new String[] {row.getString("title"), row.getString("system_prompt")}, conversationId, chatId);
        if (head.isEmpty()) {
            return Optional.empty();
        }
        // Answers sit right after the question they answer, as in the prompt; replaced answers (🔄, edits) are gone.
        List<ShownMessage> messages = list(connection, "SELECT * FROM (SELECT m.id, m.role, m.content, m.status, "
                        + "m.reply_to_id, coalesce(f.vote, 0) AS vote, "
                        + "CASE WHEN m.role = 'assistant' AND m.reply_to_id IS NOT NULL THEN m.reply_to_id "
                        + "ELSE m.id END AS position FROM message m "
                        + "LEFT JOIN feedback f ON f.message_id = m.id AND f.user_id = ? "
                        + "WHERE m.chat_id = ? AND m.conversation_id = ? AND m.superseded_at IS NULL "
                        + "ORDER BY position DESC, m.id DESC LIMIT ?) recent ORDER BY position, id",
                row -> new ShownMessage(row.getLong("id"), row.getString("role"), row.getString("content"),
                        row.getString("status"), nullableLong(row, "reply_to_id"), row.getInt("vote")),
                userId, chatId, conversationId, MAX_MESSAGES_SHOWN);
        Long running = one(connection, "SELECT id FROM generation WHERE chat_id = ? AND conversation_id = ? "
                        + "AND status IN ('queued', 'running') ORDER BY id LIMIT 1", row -> row.getLong("id"), chatId,
                conversationId).orElse(null);
        return Optional.of(new ShownConversation(conversationId, head.get()[0], head.get()[1], messages, running));
    }

    /** The user's newest question of the conversation, with its text: only it can be edited and sent again. */
    record LastQuestion(long id, String content) {}

    Optional<LastQuestion> lastQuestion(Connection connection, long chatId, long conversationId) throws SQLException {
        return one(connection, "SELECT id, content FROM message WHERE chat_id = ? AND conversation_id = ? "
                        + "AND role = 'user' ORDER BY id DESC LIMIT 1",
                row -> new LastQuestion(row.getLong("id"), row.getString("content")), chatId, conversationId);
    }

    /** The question a shown answer of this chat answers, with its conversation; empty for anything else (a replaced
     * answer too). */
    record Answered(long conversationId, long questionId) {}

    Optional<Answered> answered(Connection connection, long chatId, long answerId) throws SQLException {
        return one(connection, "SELECT conversation_id, reply_to_id FROM message WHERE id = ? AND chat_id = ? "
                        + "AND role = 'assistant' AND reply_to_id IS NOT NULL AND superseded_at IS NULL",
                row -> new Answered(row.getLong("conversation_id"), row.getLong("reply_to_id")), answerId, chatId);
    }

    /** Whether generation {@code generationId} of this chat is still queued or running; empty when not the chat's. */
    Optional<Boolean> open(Connection connection, long chatId, long generationId) throws SQLException {
        return one(connection, "SELECT status IN ('queued', 'running') AS open FROM generation "
                + "WHERE id = ? AND chat_id = ?", row -> row.getBoolean("open"), generationId, chatId);
    }
}
