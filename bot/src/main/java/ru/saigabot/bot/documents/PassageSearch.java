package ru.saigabot.bot.documents;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGStatement;
import static ru.saigabot.bot.store.Statements.list;

/**
 * Finds the passages of a chat's active documents most likely to answer a question, in PostgreSQL alone.
 *
 * <p>The question becomes its Russian stems and Latin words ({@code to_tsvector} with the {@code russian}
 * configuration, plus {@code simple} for what is not Cyrillic), filler words of questions left out ({@link
 * QuestionFillers}). Each term weighs its BM25 inverse document frequency among the chat's passages ({@link
 * Weights}): a term every passage has (the product's name in its own manual) weighs little, a rare one a lot.
 * Candidates are the passages holding the rarest terms, up to {@link #CANDIDATE_BUDGET} (the GIN index finds them);
 * each is scored by the weight of every term it holds, and the best {@link #RERANKED} are ranked again by BM25 with
 * term counts and passage lengths. A question word that no document has may be a misspelling, and a Russian word
 * may stand for a Latin one: the most similar words the documents do have (pg_trgm) are looked for too.
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
    /**
     * About how many passages a search reads: it starts from the passages of the question's rarest terms, adding
     * terms while their passages stay within this, so a common word ("файл" in a manual of files) never makes it
     * read a chat's every passage; the common terms still count in every candidate's score.
     */
    static final int CANDIDATE_BUDGET = 500;
    static final double BM25_K1 = 1.2;
    static final double BM25_B = 0.75;
    private static final int MAX_CORRECTED_WORDS = 4;
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
        List<String> own = terms(connection, question);
        if (own.isEmpty()) {
            return SearchResult.nothing(own);
        }
        List<String> corrections = options.typos() ? corrections(connection, chatId, question) : List.of();
        List<String> looked = new ArrayList<>(own);
        for (String term : terms(connection, String.join(" ", corrections))) {
            if (!looked.contains(term)) {
                looked.add(term);
            }
        }
        Weights weights = Weights.of(connection, chatId, looked, own.size());
        List<String> picked = weights.candidateTerms(CANDIDATE_BUDGET);
        if (picked.isEmpty()) {
            return new SearchResult(List.of(), looked, corrections);
        }
        List<FoundPassage> relevant = new ArrayList<>();
        for (Scored passage : rank(connection, chatId, weights, picked, options.limit())) {
            double held = passage.ownScore() + Math.min(passage.correctedScore(), weights.unknownWeight());
            if (held >= RELEVANT_SHARE * weights.ownWeight()) {
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
        // How many of the chat's documents have each word: a word that one document at most has may be a foreign
        // name written in Russian letters there too ("Дебиан" in a FAQ about Debian), so it is transliterated.
        Map<String, Integer> known = new HashMap<>();
        list(connection, "SELECT word, documents FROM chat_word WHERE chat_id = ? AND word = ANY(?)",
                row -> known.put(row.getString(1), row.getInt(2)), chatId, textArray(connection, russian));
        List<String> unknown = russian.stream().filter(word -> !known.containsKey(word)).limit(MAX_CORRECTED_WORDS)
                .toList();
        List<String> latin = russian.stream().filter(word -> known.getOrDefault(word, 0) <= 1)
                .map(Transliteration::latin).distinct().limit(MAX_CORRECTED_WORDS).toList();
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
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT DISTINCT closest.word
                FROM unnest(?::text[]) AS asked(word)
                CROSS JOIN LATERAL (
                    SELECT w.word, similarity(w.word, asked.word) AS likeness FROM chat_word w
                    WHERE w.chat_id = ?
                    ORDER BY w.word <-> asked.word LIMIT 1) closest
                WHERE closest.likeness >= ?""")) {
            // A generic plan would not know the chat's words are best found through the trigram index.
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            statement.setArray(1, textArray(connection, words));
            statement.setLong(2, chatId);
            statement.setDouble(3, least);
            List<String> similar = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    similar.add(row.getString(1));
                }
            }
            return similar;
        }
    }

    private record Scored(FoundPassage found, double ownScore, double correctedScore) {
    }

    /** The best {@code limit} passages among those holding a {@code picked} term, with every term counted. */
    private static List<Scored> rank(Connection connection, long chatId, Weights weights, List<String> picked,
                                     int limit) throws SQLException {
        String sql = """
                WITH term AS (
                    SELECT t.lexeme, quote_literal(t.lexeme)::tsquery AS q, t.idf, t.own
                    FROM unnest(?::text[], ?::float8[], ?::boolean[]) AS t(lexeme, idf, own)
                ), picked AS (
                    SELECT string_agg(quote_literal(l), ' | ')::tsquery AS q FROM unnest(?::text[]) AS l
                ), question AS (
                    SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery AS q FROM term
                ), candidate AS MATERIALIZED (
                    SELECT p.id, strip(p.search) AS lexemes FROM passage p, picked
                    WHERE p.chat_id = ? AND p.active AND p.search @@ picked.q
                    LIMIT ?
                ), scored AS (
                    SELECT c.id, sum(t.idf) AS score, sum(t.idf) FILTER (WHERE t.own) AS own_score,
                           sum(t.idf) FILTER (WHERE NOT t.own) AS corrected_score
                    FROM candidate c JOIN term t ON c.lexemes @@ t.q
                    GROUP BY c.id
                    ORDER BY score DESC, c.id
                    LIMIT ?
                ), counted AS (
                    SELECT s.id, t.idf, array_length(u.positions, 1) AS tf, length(p.search) AS len
                    FROM scored s JOIN passage p ON p.id = s.id
                    CROSS JOIN LATERAL unnest(p.search) AS u
                    JOIN term t ON t.lexeme = u.lexeme
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
                       coalesce(b.own_score, 0) AS own_score, coalesce(b.corrected_score, 0) AS corrected_score,
                       ts_headline('russian', search_fold(p.text), question.q, ?) AS snippet
                FROM best b JOIN passage p ON p.id = b.id JOIN document d ON d.id = p.document_id, question
                ORDER BY b.score DESC, b.id
                """;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            // Planned for these very terms every time: a generic plan, which the driver asks for from the fifth
            // execution on, cannot see that the candidates come from a few GIN entries, and reads every passage.
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            statement.setArray(1, connection.createArrayOf("text", weights.terms().toArray()));
            statement.setArray(2, connection.createArrayOf("float8", weights.idfs().toArray()));
            statement.setArray(3, connection.createArrayOf("bool", weights.owns().toArray()));
            statement.setArray(4, textArray(connection, picked));
            statement.setLong(5, chatId);
            statement.setInt(6, CANDIDATE_BUDGET);
            statement.setInt(7, RERANKED);
            statement.setDouble(8, BM25_K1);
            statement.setDouble(9, BM25_K1);
            statement.setDouble(10, BM25_B);
            statement.setDouble(11, BM25_B);
            statement.setInt(12, limit);
            statement.setString(13, HEADLINE_OPTIONS);
            List<Scored> found = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    String text = row.getString("text");
                    Integer page = row.getObject("page") == null ? null : row.getInt("page");
                    FoundPassage passage = new FoundPassage(row.getLong("id"), row.getLong("document_id"),
                            row.getString("file_name"), page, row.getString("section"), text,
                            Snippets.restore(text, row.getString("snippet")), row.getDouble("score"));
                    found.add(new Scored(passage, row.getDouble("own_score"), row.getDouble("corrected_score")));
                }
            }
            return found;
        }
    }

    private static Array textArray(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }
}
