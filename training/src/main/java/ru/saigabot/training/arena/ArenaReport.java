package ru.saigabot.training.arena;

import java.util.List;
import java.util.Locale;

/**
 * What {@code arena report} tells: per pair of variants, wins-ties-losses with a win rate and its interval,
 * agreement and position bias; for all variants, Bradley–Terry ratings; per annotator, control accuracy.
 *
 * @param votes         decided votes counted (annotators kept, control tasks left out)
 * @param excludedVotes votes left out because their annotator's control accuracy is below the threshold
 */
public record ArenaReport(int votes, int tasks, int annotators, int excludedVotes, List<Pair> pairs,
                          List<Rating> ratings, PositionBias positionBias, List<Annotator> annotatorResults,
                          Settings settings) {

    /**
     * One pair, seen from {@code a} (the variant that was "a" in the pair's first task).
     *
     * @param ties     votes "equally good"; {@code bothBad} votes "both bad" count as ties in {@link #wtl()}
     * @param winRate  wins / (wins + losses): the share of decisive votes a won
     * @param score    (wins + (ties + both bad) / 2) / votes: every vote, ties as half a win
     */
    public record Pair(String a, String b, int wins, int ties, int bothBad, int losses, int tasks, double winRate,
                       Interval winRateInterval, double score, Agreement agreement, PositionBias positionBias) {
        public int votes() {
            return wins + ties + bothBad + losses;
        }

        /** "saiga2_13b vs gpt-3.5-turbo: 70-11-95". */
        public String wtl() {
            return a + " vs " + b + ": " + wins + "-" + (ties + bothBad) + "-" + losses;
        }
    }

    /** A variant's Bradley–Terry rating (Elo scale) and its bootstrap interval. */
    public record Rating(String variant, double rating, Interval interval, int votes) {}

    /**
     * How often the answer shown as "A" (first) won among decisive votes; 0.5 means no position bias.
     */
    public record PositionBias(int decisive, int shownAWins, double shownAWinRate, Interval interval) {}

    /** An annotator's control-task record; accuracy is NaN without control votes. */
    public record Annotator(long annotatorId, int votes, int controlVotes, int controlCorrect, double accuracy,
                            boolean excluded) {}

    public record Settings(double minAccuracy, int bootstrapSamples, long bootstrapSeed, double prior,
                           List<String> method) {}

    static String percent(double share) {
        return Double.isNaN(share) ? "—" : String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    static String interval(Interval interval, boolean percent) {
        if (Double.isNaN(interval.low())) {
            return "—";
        }
        return percent ? percent(interval.low()) + "–" + percent(interval.high())
                : String.format(Locale.ROOT, "%.0f–%.0f", interval.low(), interval.high());
    }
}
