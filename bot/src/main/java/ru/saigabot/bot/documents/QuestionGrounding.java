package ru.saigabot.bot.documents;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.inference.grounding.GivenPassage;
import static ru.saigabot.bot.store.Statements.list;
import static ru.saigabot.bot.store.Statements.one;
import static ru.saigabot.bot.store.Statements.update;

/**
 * The passages a question is given. The chat's documents are searched once per question, when its first answer is
 * assembled, and what was given is stored with the question: 🔄, a live battle's second side, a request resumed
 * after a restart and {@code train export} all see the same passages, numbered the same.
 */
public final class QuestionGrounding {
    private static final Logger log = LoggerFactory.getLogger(QuestionGrounding.class);

    private final DocumentStore documents;
    private final PassageSearch search;
    private final PassageSearch.Options options;

    public QuestionGrounding(DocumentStore documents, PassageSearch search, PassageSearch.Options options) {
        this.documents = documents;
        this.search = search;
        this.options = options;
    }

    /** The question's passages, searching the chat's documents if it was never searched and the chat has some. */
    public GivenSources forQuestion(Connection connection, long chatId, long questionMessageId, String question)
            throws SQLException {
        Optional<DocumentStore.QuestionState> state = documents.questionState(connection, questionMessageId);
        if (state.isEmpty()) {
            return GivenSources.NOT_SEARCHED;
        }
        if (state.get().grounded()) {
            return given(connection, questionMessageId);
        }
        if (!state.get().searchable()) {
            return GivenSources.NOT_SEARCHED;
        }
        long started = System.nanoTime();
        SearchResult found = search.search(connection, chatId, question, options);
        store(connection, questionMessageId, found.passages());
        log.debug("documents searched: chat_id={} message_id={} terms={} corrections={} passages={} ms={}", chatId,
                questionMessageId, found.terms().size(), found.corrections().size(), found.passages().size(),
                (System.nanoTime() - started) / 1_000_000);
        return given(connection, questionMessageId);
    }

    /** What the question was given, as stored; {@link GivenSources#NOT_SEARCHED} when it never was searched. */
    public GivenSources stored(Connection connection, long questionMessageId) throws SQLException {
        Optional<String> grounding = one(connection, "SELECT grounding FROM message WHERE id = ?",
                row -> row.getString(1), questionMessageId);
        if (grounding.isEmpty() || grounding.get() == null) {
            return GivenSources.NOT_SEARCHED;
        }
        return given(connection, questionMessageId);
    }

    /** The passages stored for a question that was searched (none when nothing relevant was found). */
    private static GivenSources given(Connection connection, long questionMessageId) throws SQLException {
        List<GivenPassage> passages = new ArrayList<>();
        List<String> snippets = new ArrayList<>();
        list(connection, "SELECT ordinal, file_name, page, section, text, snippet FROM message_source "
                + "WHERE message_id = ? ORDER BY ordinal", row -> {
                    Integer page = row.getObject("page") == null ? null : row.getInt("page");
                    passages.add(new GivenPassage(row.getInt("ordinal"), row.getString("file_name"), page,
                            row.getString("section"), row.getString("text")));
                    snippets.add(row.getString("snippet"));
                    return null;
                }, questionMessageId);
        return new GivenSources(true, passages, snippets);
    }

    /** In one transaction of its own when the caller has none: the grounding mark and its rows go together. */
    private static void store(Connection connection, long questionMessageId, List<FoundPassage> passages)
            throws SQLException {
        boolean own = connection.getAutoCommit();
        if (own) {
            connection.setAutoCommit(false);
        }
        try {
            insert(connection, questionMessageId, passages);
            if (own) {
                connection.commit();
            }
        } catch (SQLException | RuntimeException e) {
            if (own) {
                connection.rollback();
            }
            throw e;
        } finally {
            if (own) {
                connection.setAutoCommit(true);
            }
        }
    }

    private static void insert(Connection connection, long questionMessageId, List<FoundPassage> passages)
            throws SQLException {
        // Numbers restart at 1 for the passages given, and only once: a concurrent first answer (a live battle's
        // two sides) keeps the passages the other stored.
        if (update(connection, "UPDATE message SET grounding = ? WHERE id = ? AND grounding IS NULL",
                passages.isEmpty() ? "none" : "found", questionMessageId) == 0) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO message_source (message_id, "
                + "ordinal, document_id, passage_id, file_name, page, section, text, snippet, score) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int ordinal = 1;
            for (FoundPassage passage : passages) {
                insert.setLong(1, questionMessageId);
                insert.setInt(2, ordinal++);
                insert.setLong(3, passage.documentId());
                insert.setLong(4, passage.passageId());
                insert.setString(5, passage.fileName());
                insert.setObject(6, passage.page());
                insert.setString(7, passage.section());
                insert.setString(8, passage.text());
                insert.setString(9, passage.snippet());
                insert.setDouble(10, passage.score());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
