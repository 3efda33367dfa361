package ru.saigabot.bot.documents.eval;

import java.util.Locale;

/**
 * Retrieval quality over an evaluation set: the share of questions answered by the first passage, by one of the
 * first four (the passages the bot gives the model), and the mean reciprocal rank of the first answering passage.
 */
public record EvalScores(int questions, double recallAt1, double recallAt4, double mrr, double p95Millis) {

    public String line() {
        return String.format(Locale.ROOT, "questions=%d recall@1=%.3f recall@4=%.3f mrr=%.3f p95_ms=%.1f",
                questions, recallAt1, recallAt4, mrr, p95Millis);
    }
}
