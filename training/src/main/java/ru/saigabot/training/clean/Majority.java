package ru.saigabot.training.clean;

import java.util.Optional;

/**
 * The label several votes agree on (groups and the arena let many people vote on one answer).
 *
 * @param label     true for 👍, false for 👎
 * @param agreement share of the votes that carry the label, in (0.5, 1]
 * @param margin    majority votes minus minority votes: how strongly the answer is liked or disliked,
 *                  used to keep the best-voted of duplicate records
 */
public record Majority(boolean label, double agreement, int margin) {

    /** Why a tally yields no label. */
    public enum Rejection { NO_VOTES, TIE, LOW_AGREEMENT }

    /** The outcome of {@link #of}: a majority, or why there is none. */
    public record Outcome(Optional<Majority> majority, Rejection rejection) {
        static Outcome accepted(Majority majority) {
            return new Outcome(Optional.of(majority), null);
        }

        static Outcome rejected(Rejection rejection) {
            return new Outcome(Optional.empty(), rejection);
        }
    }

    /**
     * The majority of {@code tally}; ties and majorities whose agreement is below
     * {@code minAgreement} have none.
     */
    public static Outcome of(VoteTally tally, double minAgreement) {
        if (tally.total() == 0) {
            return Outcome.rejected(Rejection.NO_VOTES);
        }
        if (tally.up() == tally.down()) {
            return Outcome.rejected(Rejection.TIE);
        }
        boolean label = tally.up() > tally.down();
        int majority = Math.max(tally.up(), tally.down());
        double agreement = (double) majority / tally.total();
        if (agreement < minAgreement) {
            return Outcome.rejected(Rejection.LOW_AGREEMENT);
        }
        return Outcome.accepted(new Majority(label, agreement, majority - Math.min(tally.up(), tally.down())));
    }
}
