package ru.saigabot.bot.documents.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import ru.saigabot.bot.documents.FoundPassage;
import ru.saigabot.bot.documents.PassageSearch;
import ru.saigabot.bot.documents.SearchText;
import ru.saigabot.bot.store.Database;

/** Runs an evaluation set against a chat's documents with the bot's own search, and scores it. */
public final class RetrievalEval {
    /** Ranks past this are not looked at: the reciprocal rank of a later hit counts as 0. */
    static final int DEPTH = 10;

    private final Database database;
    private final PassageSearch search;

    public RetrievalEval(Database database, PassageSearch search) {
        this.database = database;
        this.search = search;
    }

    /** One question's outcome: the rank of the first answering passage (1-based), 0 when none of the first ten. */
    public record Outcome(EvalQuestion question, int rank, double millis) {
    }

    public List<Outcome> run(long chatId, List<EvalQuestion> questions, boolean typos) {
        PassageSearch.Options options = new PassageSearch.Options(DEPTH, typos);
        List<Outcome> outcomes = new ArrayList<>();
        for (EvalQuestion question : questions) {
            long started = System.nanoTime();
            List<FoundPassage> found = database.query(connection -> search.search(connection, chatId,
                    question.question(), options).passages());
            double millis = (System.nanoTime() - started) / 1e6;
            outcomes.add(new Outcome(question, rank(question, found), millis));
        }
        return outcomes;
    }

    public static EvalScores score(List<Outcome> outcomes) {
        int at1 = 0;
        int at4 = 0;
        double reciprocal = 0;
        double[] millis = new double[outcomes.size()];
        for (int i = 0; i < outcomes.size(); i++) {
            int rank = outcomes.get(i).rank();
            at1 += rank == 1 ? 1 : 0;
            at4 += rank >= 1 && rank <= 4 ? 1 : 0;
            reciprocal += rank >= 1 ? 1.0 / rank : 0;
            millis[i] = outcomes.get(i).millis();
        }
        Arrays.sort(millis);
        int n = Math.max(1, outcomes.size());
        double p95 = millis.length == 0 ? 0
                : millis[Math.min(millis.length - 1, (int) Math.ceil(0.95 * millis.length) - 1)];
        return new EvalScores(outcomes.size(), (double) at1 / n, (double) at4 / n, reciprocal / n, p95);
    }

    static int rank(EvalQuestion question, List<FoundPassage> found) {
        for (int i = 0; i < found.size(); i++) {
            if (answers(question, found.get(i))) {
                return i + 1;
            }
        }
        return 0;
    }

    static boolean answers(EvalQuestion question, FoundPassage passage) {
        if (question.file() != null && !question.file().isBlank() && !question.file().equals(passage.fileName())) {
            return false;
        }
        if (question.page() != null && !question.page().equals(passage.page())) {
            return false;
        }
        return question.answerContains() == null || question.answerContains().isBlank()
                || normal(passage.text()).contains(normal(question.answerContains()));
    }

    private static String normal(String text) {
        return SearchText.fold(text).replaceAll("\\s+", " ").strip();
    }
}
