package ru.saigabot.bot.documents;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import static ru.saigabot.bot.store.Statements.list;
import static ru.saigabot.bot.store.Statements.one;

/**
 * A question's terms with their weights among the chat's active passages: the inverse document frequency of BM25,
 * {@code ln(1 + (N - df + 0.5) / (df + 0.5))}, from the per-document counts stored when each document was read.
 *
 * @param terms the question's own terms first ({@code ownCount} of them), then those of corrections
 * @param frequencies each term's document frequency: how many of the chat's active passages hold it
 */
record Weights(List<String> terms, List<Integer> frequencies, List<Double> idfs, List<Boolean> owns) {

    static Weights of(Connection connection, long chatId, List<String> terms, int ownCount) throws SQLException {
        long total = one(connection, "SELECT coalesce(sum(passages), 0) FROM document WHERE chat_id = ? AND active "
                + "AND status = 'ready'", row -> row.getLong(1), chatId).orElse(0L);
        Map<String, Integer> counted = new HashMap<>();
        list(connection, "SELECT l.lexeme, sum(l.passages) FROM document_lexeme l JOIN document d ON d.id = "
                        + "l.document_id WHERE l.lexeme = ANY(?) AND d.chat_id = ? AND d.active AND d.status = 'ready' "
                        + "GROUP BY l.lexeme", row -> counted.put(row.getString(1), row.getInt(2)),
                connection.createArrayOf("text", terms.toArray()), chatId);
        List<Integer> frequencies = new ArrayList<>();
        List<Double> idfs = new ArrayList<>();
        List<Boolean> owns = new ArrayList<>();
        double n = Math.max(total, 1);
        for (int i = 0; i < terms.size(); i++) {
            int df = counted.getOrDefault(terms.get(i), 0);
            frequencies.add(df);
            idfs.add(Math.log(1 + (n - df + 0.5) / (df + 0.5)));
            owns.add(i < ownCount);
        }
        return new Weights(List.copyOf(terms), List.copyOf(frequencies), List.copyOf(idfs), List.copyOf(owns));
    }

    /** The weight of the question's own terms: what a passage holding all of them holds. */
    double ownWeight() {
        double sum = 0;
        for (int i = 0; i < terms.size(); i++) {
            sum += owns.get(i) ? idfs.get(i) : 0;
        }
        return sum;
    }

    /** The weight of own terms no passage holds: what corrections of misspelt words may stand for. */
    double unknownWeight() {
        double sum = 0;
        for (int i = 0; i < terms.size(); i++) {
            sum += owns.get(i) && frequencies.get(i) == 0 ? idfs.get(i) : 0;
        }
        return sum;
    }

    /**
     * The terms to find candidates by: the rarest ones the chat's passages hold, while their passages add up to at
     * most {@code budget} (always at least the rarest one).
     */
    List<String> candidateTerms(int budget) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            if (frequencies.get(i) > 0) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingInt(frequencies::get));
        List<String> picked = new ArrayList<>();
        long passages = 0;
        for (int i : order) {
            if (!picked.isEmpty() && passages + frequencies.get(i) > budget) {
                break;
            }
            picked.add(terms.get(i));
            passages += frequencies.get(i);
        }
        return picked;
    }
}
