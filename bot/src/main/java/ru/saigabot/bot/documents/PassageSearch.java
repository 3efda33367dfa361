package ru.saigabot.bot.documents;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import static ru.saigabot.bot.store.Statements.list;

/**
 * Finds the passages of a chat's active documents most likely to answer a question, in PostgreSQL alone.
 *
 * <p>The question becomes its Russian stems and Latin words ({@code to_tsvector} with the {@code russian}
 * configuration, plus {@code simple} for what is not Cyrillic), filler words of questions left out ({@link
 * QuestionFillers}). A passage is a candidate when it holds any of them (the GIN index finds them), and its score is
 * the sum of the inverse document frequencies of the terms it holds, counted among the chat's passages: a term every
 * passage has (the product's name in its own manual) weighs little, a rare one a lot, as in BM25 with a passage's
 * term counted once. A question word that no document has may be a misspelling: the most similar words the documents
 * do have (pg_trgm) are looked for too.
 *
 * <p>A passage is relevant when it holds at least {@link #RELEVANT_SHARE} of the weight of the question's own terms
 * (a correction counts for the word it corrects): one common word shared with a small-talk message is not a match.
 */
public final class PassageSearch {
    /** The least share of the question's weight a passage must hold to be given to the model. */
    static final double RELEVANT_SHARE = 0.15;
    /** How similar (pg_trgm) a document's word must be to an unknown question word to be taken for it. */
    static final double TYPO_SIMILARITY = 0.45;
    /** How similar a document's Latin word must be to a Russian word's transliteration to be taken for it. */
    static final double TRANSLITERATION_SIMILARITY = 0.5;
    /**
     * The passages holding the most weight of the question's terms that are ranked again by BM25 (terms counted as
     * often as they occur, passages of unusual length evened out): reading every candidate's terms would cost a
     * chat with many documents too much for a question with a common word.
     */
    static final int RERANKED = 100;
    static final double BM25_K1 = 1.2;
    static final double BM25_B = 0.75;
    private static final int MAX_CORRECTED_WORDS = 6;
    private static final int MIN_CORRECTED_LETTERS = 4;
    private static final String HEADLINE_OPTIONS = "StartSel=" + FoundPassage.MARK_START + ", StopSel="
            + FoundPassage.MARK_END + ", MaxWords=28, MinWords=12, ShortWord=2, MaxFragments=1";

    /** @param typos whether unknown question words are looked for among similar document words */
    public record Options(int limit, boolean typos) {
        public static final Options DEFAULT = new Options(4, true);

        public Options {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1, got " + limit);
            }
        }
    }

    public SearchResult search(Connection connection, long chatId, String question, Options options)
            throws SQLException {
        List<String> terms = terms(connection, question);
        if (terms.isEmpty()) {
            return SearchResult.nothing(terms);
        }
        List<String> corrections = options.typos() ? corrections(connection, chatId, question) : List.of();
        List<String> looked = new ArrayList<>(new LinkedHashSet<>(terms));
        for (String term : terms(connection, String.join(" ", corrections))) {
            if (!looked.contains(term)) {
                looked.add(term);
            }
        }
        List<Scored> scored = rank(connection, chatId, looked, terms.size(), options.limit());
        List<FoundPassage> relevant = new ArrayList<>();
        for (Scored passage : scored) {
            if (passage.ownScore() >= RELEVANT_SHARE * passage.possible()) {
                relevant.add(passage.found());
            }
        }
        return new SearchResult(relevant, looked, corrections);
    }

    /** The question's distinct stems and non-Cyrillic words, in order, without question fillers. */
    private static List<String> terms(Connection connection, String text) throws SQLException {
        if (text.isBlank()) {
            return List.of();
        }
        List<String> lexemes = list(connection, "SELECT lexeme FROM unnest(to_tsvector('russian', search_fold(?)) "
                + "|| to_tsvector('simple', regexp_replace(search_fold(?), '[а-я]+', ' ', 'g'))) "
                + "ORDER BY positions[1]", row -> row.getString(1), text, text);
        Set<String> kept = new LinkedHashSet<>();
        for (String lexeme : lexemes) {
            if (!QuestionFillers.isFiller(lexeme)) {
                kept.add(lexeme);
            }
        }
        return List.copyOf(kept);
    }

    /**
     * Words of the chat's documents looked for besides the question's own: for a question word no document has,
     * the most similar one a document has (a misspelling: "зделать", "настроит"); and for a Russian word, the Latin
     * word a document has that it transliterates to (people write "дебиан", "хоткей", "убунту" for "Debian",
     * "hotkey", "Ubuntu").
     */
    private static List<String> corrections(Connection connection, long chatId, String question)
            throws SQLException {
        List<String> russian = new ArrayList<>();
        for (String word : SearchText.words(question)) {
            if (word.length() >= MIN_CORRECTED_LETTERS && SearchText.cyrillic(word)) {
                russian.add(word);
            }
        }
        if (russian.isEmpty()) {
            return List.of();
        }
        Set<String> known = new LinkedHashSet<>(list(connection, "SELECT DISTINCT word FROM document_word "
                + "WHERE chat_id = ? AND word = ANY(?)", row -> row.getString(1), chatId,
                textArray(connection, russian)));
        List<String> unknown = russian.stream().filter(word -> !known.contains(word)).limit(MAX_CORRECTED_WORDS)
                .toList();
        List<String> latin = russian.stream().map(Transliteration::latin).distinct().limit(MAX_CORRECTED_WORDS)
                .toList();
        Set<String> corrections = new LinkedHashSet<>(similar(connection, chatId, unknown, TYPO_SIMILARITY));
        corrections.addAll(similar(connection, chatId, latin, TRANSLITERATION_SIMILARITY));
        return List.copyOf(corrections);
    }

    /** For each of {@code words}, the chat's document word most similar to it, if it is similar enough. */
    private static List<String> similar(Connection connection, long chatId, List<String> words, double least)
            throws SQLException {
        if (words.isEmpty()) {
            return List.of();
        }
        return list(connection, """
                SELECT DISTINCT closest.word
                FROM unnest(?::text[]) AS asked(word)
                CROSS JOIN LATERAL (
                    SELECT w.word, similarity(w.word, asked.word) AS likeness FROM document_word w
                    WHERE w.chat_id = ? AND w.word % asked.word
                    ORDER BY likeness DESC, w.word LIMIT 1) closest
                WHERE closest.likeness >= ?""", row -> row.getString(1), textArray(connection, words), chatId,
                least);
    }

    private record Scored(FoundPassage found, double ownScore, double possible) {
    }

    /**
     * The best {@code limit} passages for {@code terms}, of which the first {@code ownTerms} are the question's own
     * (the rest corrections, which count for the question's unknown words: an own term no passage holds).
     */
    private static List<Scored> rank(Connection connection, long chatId, List<String> terms, int ownTerms, int limit)
            throws SQLException {
        String sql = """
                WITH term AS (
                    SELECT l.lexeme, quote_literal(l.lexeme)::tsquery AS q, l.n <= ? AS own
                    FROM unnest(?::text[]) WITH ORDINALITY AS l(lexeme, n)
                ), question AS (
                    SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery AS q FROM term
                ), candidate AS (
                    SELECT p.id, p.search FROM passage p, question
                    WHERE p.chat_id = ? AND p.active AND p.search @@ question.q
                ), frequency AS (
                    SELECT term.lexeme, term.q, term.own, count(candidate.id) AS df
                    FROM term LEFT JOIN candidate ON candidate.search @@ term.q
                    GROUP BY term.lexeme, term.q, term.own
                ), weight AS (
                    SELECT f.lexeme, f.q, f.own, f.df, ln(1 + (n.total - f.df + 0.5) / (f.df + 0.5)) AS idf
                    FROM frequency f, (SELECT greatest(coalesce(sum(passages), 0), 1)::float8 AS total
                                       FROM document WHERE chat_id = ? AND active AND status = 'ready') n
                ), possible AS (
                    SELECT coalesce(sum(idf) FILTER (WHERE own), 0) AS own_weight,
                           coalesce(sum(idf) FILTER (WHERE own AND df = 0), 0) AS unknown_weight
                    FROM weight
                ), matched AS (
                    SELECT c.id, w.idf, w.own FROM candidate c JOIN weight w ON c.search @@ w.q
                ), scored AS (
                    SELECT m.id, sum(m.idf) AS score,
                           sum(m.idf) FILTER (WHERE m.own) AS own_score,
                           sum(m.idf) FILTER (WHERE NOT m.own) AS corrected_score
                    FROM matched m
                    GROUP BY m.id
                    ORDER BY score DESC, m.id
                    LIMIT ?
                ), counted AS (
                    SELECT s.id, w.idf, array_length(u.positions, 1) AS tf, length(c.search) AS len
                    FROM scored s JOIN candidate c ON c.id = s.id
                    CROSS JOIN LATERAL unnest(c.search) AS u
                    JOIN weight w ON w.lexeme = u.lexeme
                ), bm25 AS (
                    SELECT counted.id, sum(counted.idf * counted.tf * (? + 1)
                               / (counted.tf + ? * (1 - ? + ? * counted.len / average.len))) AS score
                    FROM counted, (SELECT greatest(avg(len), 1) AS len FROM counted) average
                    GROUP BY counted.id
                ), best AS (
                    SELECT s.id, b.score, s.own_score, s.corrected_score
                    FROM scored s JOIN bm25 b ON b.id = s.id
                    ORDER BY b.score DESC, s.id
                    LIMIT ?
                )
                SELECT p.id, p.document_id, d.file_name, p.page, p.section, p.text, b.score,
                       coalesce(b.own_score, 0) + least(coalesce(b.corrected_score, 0), possible.unknown_weight)
                           AS own_score,
                       possible.own_weight,
                       ts_headline('russian', search_fold(p.text), question.q, ?) AS snippet
                FROM best b JOIN passage p ON p.id = b.id JOIN document d ON d.id = p.document_id, possible, question
                ORDER BY b.score DESC, b.id
                """;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, ownTerms);
            statement.setArray(2, textArray(connection, terms));
            statement.setLong(3, chatId);
            statement.setLong(4, chatId);
            statement.setInt(5, RERANKED);
            statement.setDouble(6, BM25_K1);
            statement.setDouble(7, BM25_K1);
            statement.setDouble(8, BM25_B);
            statement.setDouble(9, BM25_B);
            statement.setInt(10, limit);
            statement.setString(11, HEADLINE_OPTIONS);
            List<Scored> found = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    String text = row.getString("text");
                    Integer page = row.getObject("page") == null ? null : row.getInt("page");
                    FoundPassage passage = new FoundPassage(row.getLong("id"), row.getLong("document_id"),
                            row.getString("file_name"), page, row.getString("section"), text,
                            Snippets.restore(text, row.getString("snippet")), row.getDouble("score"));
                    found.add(new Scored(passage, row.getDouble("own_score"), row.getDouble("own_weight")));
                }
            }
            return found;
        }
    }

    private static Array textArray(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }
}
