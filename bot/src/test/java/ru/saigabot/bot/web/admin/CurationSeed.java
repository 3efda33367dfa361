package ru.saigabot.bot.web.admin;

import static ru.saigabot.bot.store.Statements.one;
import static ru.saigabot.bot.store.Statements.update;

import java.sql.Timestamp;
import java.time.Instant;
import ru.saigabot.bot.store.Database;

/** Writes conversations, answers and votes the way the bot stores them (same tables and columns), at given times. */
final class CurationSeed {
    private final Database database;

    CurationSeed(Database database) {
        this.database = database;
    }

    long user(long id, String firstName) {
        database.query(c -> update(c, "INSERT INTO tg_user (id, first_name, language_code) VALUES (?, ?, 'ru')", id,
                firstName));
        return id;
    }

    long chat(long id, String kind) {
        database.query(c -> update(c, "INSERT INTO chat (id, kind) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", id,
                kind));
        return id;
    }

    long conversation(long chatId, String systemPrompt) {
        return database.query(c -> one(c, "INSERT INTO conversation (chat_id, system_prompt) VALUES (?, ?) "
                + "RETURNING id", row -> row.getLong("id"), chatId, systemPrompt).orElseThrow());
    }

    long ask(long conversationId, long authorId, String content, Instant at) {
        return database.query(c -> one(c, "INSERT INTO message (conversation_id, chat_id, role, author_id, content, "
                        + "created_at) SELECT id, chat_id, 'user', ?, ?, ? FROM conversation WHERE id = ? RETURNING id",
                row -> row.getLong("id"), authorId, content, Timestamp.from(at), conversationId).orElseThrow());
    }

    long answer(long conversationId, long questionId, String content, String model, String status, Instant at) {
        return database.query(c -> one(c, "INSERT INTO message (conversation_id, chat_id, role, content, reply_to_id, "
                        + "status, model, created_at) SELECT id, chat_id, 'assistant', ?, ?, ?, ?, ? FROM conversation "
                        + "WHERE id = ? RETURNING id", row -> row.getLong("id"), content, questionId, status, model,
                Timestamp.from(at), conversationId).orElseThrow());
    }

    /** 🔄 or an edit replaced the answer at {@code at}. */
    void supersede(long answerId, Instant at) {
        database.query(c -> update(c, "UPDATE message SET superseded_at = ? WHERE id = ?", Timestamp.from(at),
                answerId));
    }

    void vote(long answerId, long userId, int vote, String source) {
        database.query(c -> update(c, "INSERT INTO feedback (message_id, user_id, vote, source) VALUES (?, ?, ?, ?)",
                answerId, userId, vote, source) + update(c, "INSERT INTO feedback_event (message_id, user_id, vote, "
                + "source) VALUES (?, ?, ?, ?)", answerId, userId, vote, source));
    }

    /** A ready document of the chat with one passage; returns the passage's id. */
    long passage(long chatId, String fileName, String section, String text) {
        return database.query(c -> {
            long document = one(c, "INSERT INTO document (chat_id, file_name, size_bytes, status, ready_at) "
                    + "VALUES (?, ?, 1000, 'ready', now()) RETURNING id", row -> row.getLong("id"), chatId, fileName)
                    .orElseThrow();
            return one(c, "INSERT INTO passage (document_id, chat_id, ordinal, page, section, start_char, end_char, "
                            + "text) VALUES (?, ?, 1, 2, ?, 0, ?, ?) RETURNING id", row -> row.getLong("id"), document,
                    chatId, section, text.length(), text).orElseThrow();
        });
    }

    /** The question's search found passages: grounding 'found' and the passages numbered as given. */
    void given(long questionId, long... passageIds) {
        database.query(c -> {
            update(c, "UPDATE message SET grounding = 'found' WHERE id = ?", questionId);
            for (int i = 0; i < passageIds.length; i++) {
                update(c, "INSERT INTO message_source (message_id, ordinal, document_id, passage_id, file_name, page, "
                        + "section, text, snippet, score) SELECT ?, ?, d.id, p.id, d.file_name, p.page, p.section, "
                        + "p.text, p.text, 1.0 FROM passage p JOIN document d ON d.id = p.document_id WHERE p.id = ?",
                        questionId, i + 1, passageIds[i]);
            }
            return null;
        });
    }
}
