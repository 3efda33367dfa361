package ru.saigabot.training.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Writes rows the way the bot does (same tables, same columns), with a clock that advances one
 * minute per message so exports are repeatable.
 */
public final class Seed {
    public static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

    private final DataSource dataSource;
    private Instant clock = START;

    public Seed(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Moves the clock, e.g. to put prompts outside a date range. */
    public Seed at(Instant instant) {
        clock = instant;
        return this;
    }

    public long user(long id, String firstName, String username) {
        update("INSERT INTO tg_user (id, first_name, username, language_code) VALUES (?, ?, ?, 'ru')", id, firstName,
                username);
        return id;
    }

    public long privateChat(long userId) {
        update("INSERT INTO chat (id, kind) VALUES (?, 'private')", userId);
        return userId;
    }

    public long groupChat(long id, String title) {
        update("INSERT INTO chat (id, kind, title) VALUES (?, 'supergroup', ?)", id, title);
        return id;
    }

    public long conversation(long chatId, String systemPrompt) {
        return insert("INSERT INTO conversation (chat_id, system_prompt) VALUES (?, ?) RETURNING id", chatId,
                systemPrompt);
    }

    public long ask(long conversationId, long authorId, String content) {
        return insert("INSERT INTO message (conversation_id, chat_id, role, author_id, content, created_at) "
                        + "SELECT ?, chat_id, 'user', ?, ?, ? FROM conversation WHERE id = ? RETURNING id",
                conversationId, authorId, content, tick(), conversationId);
    }

    public long answer(long conversationId, long userMessageId, String content) {
        return answer(conversationId, userMessageId, content, "complete");
    }

    public long answer(long conversationId, long userMessageId, String content, String status) {
        return insert("INSERT INTO message (conversation_id, chat_id, role, content, reply_to_id, status, model, "
                        + "created_at) SELECT ?, chat_id, 'assistant', ?, ?, ?, 'tiny', ? FROM conversation "
                        + "WHERE id = ? RETURNING id",
                conversationId, content, userMessageId, status, tick(), conversationId);
    }

    public void vote(long answerId, long userId, int vote) {
        vote(answerId, userId, vote, "button");
    }

    public void vote(long answerId, long userId, int vote, String source) {
        update("INSERT INTO feedback (message_id, user_id, vote, source) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (message_id, user_id) DO UPDATE SET vote = EXCLUDED.vote", answerId, userId, vote, source);
        update("INSERT INTO feedback_event (message_id, user_id, vote, source) VALUES (?, ?, ?, ?)", answerId, userId,
                vote, source);
    }

    public void pair(long promptId, long chosenId, long rejectedId, String source) {
        update("INSERT INTO preference_pair (chat_id, prompt_message_id, chosen_message_id, rejected_message_id, "
                + "source) SELECT chat_id, ?, ?, ?, ? FROM message WHERE id = ?", promptId, chosenId, rejectedId, source,
                promptId);
    }

    /** A chat's document, read and ready, as a user's file or {@code docs add} leaves it. */
    public long document(long chatId, String fileName) {
        return insert("INSERT INTO document (chat_id, file_name, size_bytes, status, ready_at) "
                + "VALUES (?, ?, 1000, 'ready', now()) RETURNING id", chatId, fileName);
    }

    /** A passage of {@code documentId}; {@code page} and {@code section} may be null. */
    public long passage(long documentId, int ordinal, Integer page, String section, String text) {
        return insert("INSERT INTO passage (document_id, chat_id, ordinal, page, section, start_char, end_char, text) "
                        + "SELECT id, chat_id, ?, ?::integer, ?, 0, ?, ? FROM document WHERE id = ? RETURNING id",
                ordinal, page, section, text.length(), text, documentId);
    }

    /**
     * What the bot stores when a question's search found passages: grounding 'found' and one message_source row per
     * passage, numbered from 1 in the order given ([1] the best), with the passage's text as it was given.
     */
    public void given(long questionId, long... passageIds) {
        update("UPDATE message SET grounding = 'found' WHERE id = ?", questionId);
        for (int i = 0; i < passageIds.length; i++) {
            update("INSERT INTO message_source (message_id, ordinal, document_id, passage_id, file_name, page, "
                    + "section, text, snippet, score) SELECT ?, ?, d.id, p.id, d.file_name, p.page, p.section, p.text, "
                    + "p.text, ? FROM passage p JOIN document d ON d.id = p.document_id WHERE p.id = ?",
                    questionId, i + 1, 1.0 / (i + 1), passageIds[i]);
        }
    }

    /** A question whose search found nothing relevant: it was asked without passages. */
    public void noneFound(long questionId) {
        update("UPDATE message SET grounding = 'none' WHERE id = ?", questionId);
    }

    /** Deletes a document as /docs does: its passages and the message_source rows that copied them go with it. */
    public void deleteDocument(long documentId) {
        update("DELETE FROM document WHERE id = ?", documentId);
    }

    /** An operator's mark on the dashboard: the answer is taken out of training, with the reason. */
    public void excludeAnswer(long messageId, String reason) {
        update("INSERT INTO training_exclusion (message_id, reason) VALUES (?, ?)", messageId, reason);
    }

    /** An operator's mark on the dashboard: the whole conversation is taken out of training, with the reason. */
    public void excludeConversation(long conversationId, String reason) {
        update("INSERT INTO training_exclusion (conversation_id, reason) VALUES (?, ?)", conversationId, reason);
    }

    private Timestamp tick() {
        Timestamp now = Timestamp.from(clock);
        clock = clock.plus(Duration.ofMinutes(1));
        return now;
    }

    private void update(String sql, Object... values) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, values)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("seeding failed: " + sql, e);
        }
    }

    private long insert(String sql, Object... values) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, values);
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("seeding failed: " + sql, e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        return statement;
    }
}
