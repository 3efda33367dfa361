package ru.saigabot.bot.documents;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import ru.saigabot.bot.documents.split.PassageDraft;
import ru.saigabot.bot.store.Statements;
import static ru.saigabot.bot.store.Statements.nullableLong;
import static ru.saigabot.bot.store.Statements.one;
import static ru.saigabot.bot.store.Statements.update;

/** The chat's documents and their passages: one row per file, its passages and words stored with it, at once. */
public final class DocumentStore {
    private static final String COLUMNS = "id, chat_id, file_name, format, pages, words, passages, active, "
            + "status = 'ready' AS ready, size_bytes, created_at";
    private static final String QUEUED_COLUMNS = "id, chat_id, added_by, file_name, tg_file_id, tg_message_id, "
            + "mime_type, size_bytes, language";

    /**
     * Makes sure a chat an operator names has a row (documents belong to a chat): a private chat for a positive id,
     * a group for a negative one, as Telegram numbers them.
     */
    public void ensureChat(Connection connection, long chatId) throws SQLException {
        update(connection, "INSERT INTO chat (id, kind) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", chatId,
                chatId > 0 ? "private" : "group");
    }

    /** Deletes a chat and with it its documents: for the throwaway chat of {@code docs eval}. */
    public void deleteChat(Connection connection, long chatId) throws SQLException {
        update(connection, "DELETE FROM chat WHERE id = ?", chatId);
    }

    /** Queues a file to read; returns its id. The chat's row must exist. */
    public long queue(Connection connection, NewDocument document) throws SQLException {
        return one(connection, "INSERT INTO document (chat_id, added_by, file_name, tg_file_id, tg_message_id, "
                        + "mime_type, size_bytes, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                row -> row.getLong(1), document.chatId(), document.addedBy(), document.fileName(),
                document.tgFileId(), document.tgMessageId(), document.mimeType(), document.sizeBytes(),
                document.language()).orElseThrow();
    }

    public Optional<QueuedDocument> queued(Connection connection, long documentId) throws SQLException {
        return one(connection, "SELECT " + QUEUED_COLUMNS + " FROM document WHERE id = ? AND status = 'queued'",
                DocumentStore::queuedRow, documentId);
    }

    /** Every file still waiting, oldest first: after a restart they are read again. */
    public List<QueuedDocument> allQueued(Connection connection) throws SQLException {
        return Statements.list(connection, "SELECT " + QUEUED_COLUMNS + " FROM document WHERE status = 'queued' ORDER BY id",
                DocumentStore::queuedRow);
    }

    /** The document of this chat with the same content, when there is one already. */
    public Optional<ChatDocument> sameContent(Connection connection, long chatId, String sha256) throws SQLException {
        return one(connection, "SELECT " + COLUMNS + " FROM document WHERE chat_id = ? AND sha256 = ?",
                DocumentStore::documentRow, chatId, sha256);
    }

    /**
     * Stores a read document's passages and words and marks it ready; call in a transaction, so that a document is
     * either whole or not there.
     *
     * @return false when the document is no longer queued (deleted meanwhile): nothing is stored
     */
    public boolean storeRead(Connection tx, long documentId, ReadSummary summary, List<PassageDraft> passages,
                             Collection<String> words) throws SQLException {
        Optional<Long> chat = one(tx, "SELECT chat_id FROM document WHERE id = ? AND status = 'queued' FOR UPDATE",
                row -> row.getLong(1), documentId);
        if (chat.isEmpty()) {
            return false;
        }
        long chatId = chat.get();
        try (PreparedStatement insert = tx.prepareStatement("INSERT INTO passage (document_id, chat_id, ordinal, "
                + "page, section, start_char, end_char, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (PassageDraft passage : passages) {
                insert.setLong(1, documentId);
                insert.setLong(2, chatId);
                insert.setInt(3, passage.ordinal());
                insert.setObject(4, passage.page());
                insert.setString(5, passage.section());
                insert.setInt(6, passage.start());
                insert.setInt(7, passage.end());
                insert.setString(8, passage.text());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        update(tx, "INSERT INTO document_lexeme (document_id, lexeme, passages) SELECT p.document_id, u.lexeme, "
                + "count(*) FROM passage p, unnest(p.search) AS u WHERE p.document_id = ? "
                + "GROUP BY p.document_id, u.lexeme", documentId);
        Array wordArray = tx.createArrayOf("text", words.toArray());
        update(tx, "INSERT INTO document_word (document_id, chat_id, word) SELECT ?, ?, unnest(?::text[]) "
                + "ON CONFLICT DO NOTHING", documentId, chatId, wordArray);
        update(tx, "INSERT INTO chat_word (chat_id, word, documents) SELECT ?, w, 1 FROM unnest(?::text[]) AS w "
                + "ON CONFLICT (word, chat_id) DO UPDATE SET documents = chat_word.documents + 1", chatId,
                wordArray);
        // The planner needs to know these tables are large before the first question: a fresh table looks empty,
        // and a trigram lookup planned for an empty table reads every word of it. Sampled: cheap at any size.
        update(tx, "ANALYZE chat_word, document_lexeme");
        update(tx, "UPDATE document SET status = 'ready', ready_at = now(), format = ?, pages = ?, words = ?, "
                        + "passages = ?, sha256 = ? WHERE id = ?", summary.format(), summary.pages(), summary.words(),
                passages.size(), summary.sha256(), documentId);
        return true;
    }

    public List<ChatDocument> list(Connection connection, long chatId) throws SQLException {
        return Statements.list(connection, "SELECT " + COLUMNS
                + " FROM document WHERE chat_id = ? ORDER BY id", DocumentStore::documentRow, chatId);
    }

    public Optional<ChatDocument> find(Connection connection, long chatId, long documentId) throws SQLException {
        return one(connection, "SELECT " + COLUMNS + " FROM document WHERE chat_id = ? AND id = ?",
                DocumentStore::documentRow, chatId, documentId);
    }

    /** Switches a document on or off for the chat's questions; false when the chat has no such document. */
    public boolean setActive(Connection tx, long chatId, long documentId, boolean active) throws SQLException {
        if (update(tx, "UPDATE document SET active = ? WHERE chat_id = ? AND id = ?", active, chatId,
                documentId) == 0) {
            return false;
        }
        update(tx, "UPDATE passage SET active = ? WHERE document_id = ?", active, documentId);
        return true;
    }

    /** Deletes a document with its passages, its words and every copy of its text given to questions. */
    public boolean delete(Connection connection, long chatId, long documentId) throws SQLException {
        return update(connection, "DELETE FROM document WHERE chat_id = ? AND id = ?", chatId, documentId) > 0;
    }

    /** Deletes a queued document that could not be read. */
    public void deleteQueued(Connection connection, long documentId) throws SQLException {
        update(connection, "DELETE FROM document WHERE id = ? AND status = 'queued'", documentId);
    }

    /** Whether chat {@code c}'s questions are searched for: documents on and at least one ready and active. */
    private static final String SEARCHABLE = "c.documents_on AND EXISTS (SELECT 1 FROM document d "
            + "WHERE d.chat_id = c.id AND d.active AND d.status = 'ready')";

    /** A question as the search sees it: searched already (its passages stored), or whether its chat may be. */
    public record QuestionState(boolean grounded, boolean searchable) {
    }

    /** Empty when the message is gone. One query: every answer in a chat asks it, documents or not. */
    public Optional<QuestionState> questionState(Connection connection, long messageId) throws SQLException {
        return one(connection, "SELECT m.grounding IS NOT NULL, " + SEARCHABLE + " FROM message m "
                        + "JOIN chat c ON c.id = m.chat_id WHERE m.id = ?",
                row -> new QuestionState(row.getBoolean(1), row.getBoolean(2)), messageId);
    }

    /** Whether the chat's questions should be searched for: documents on and at least one ready and active. */
    public boolean searchable(Connection connection, long chatId) throws SQLException {
        return one(connection, "SELECT " + SEARCHABLE + " FROM chat c WHERE c.id = ?", row -> row.getBoolean(1),
                chatId).orElse(false);
    }

    public boolean documentsOn(Connection connection, long chatId) throws SQLException {
        return one(connection, "SELECT documents_on FROM chat WHERE id = ?", row -> row.getBoolean(1), chatId)
                .orElse(true);
    }

    public void setDocumentsOn(Connection connection, long chatId, boolean on) throws SQLException {
        update(connection, "UPDATE chat SET documents_on = ? WHERE id = ?", on, chatId);
    }

    /** In a group: whether its admins let members' files be read. */
    public boolean filesAllowed(Connection connection, long chatId) throws SQLException {
        return one(connection, "SELECT documents_allowed FROM chat WHERE id = ?", row -> row.getBoolean(1), chatId)
                .orElse(false);
    }

    public void setFilesAllowed(Connection connection, long chatId, boolean allowed) throws SQLException {
        update(connection, "UPDATE chat SET documents_allowed = ? WHERE id = ?", allowed, chatId);
    }

    private static QueuedDocument queuedRow(ResultSet row) throws SQLException {
        return new QueuedDocument(row.getLong("id"), row.getLong("chat_id"), nullableLong(row, "added_by"),
                row.getString("file_name"), row.getString("tg_file_id"), nullableLong(row, "tg_message_id"),
                row.getString("mime_type"), row.getLong("size_bytes"), row.getString("language"));
    }

    private static ChatDocument documentRow(ResultSet row) throws SQLException {
        return new ChatDocument(row.getLong("id"), row.getLong("chat_id"), row.getString("file_name"),
                row.getString("format"), row.getInt("pages"), row.getInt("words"), row.getInt("passages"),
                row.getBoolean("active"), row.getBoolean("ready"), row.getLong("size_bytes"),
                row.getTimestamp("created_at").toInstant());
    }
}
