package ru.saigabot.training.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArenaAnalysisTest {

    private static ArenaVote vote(long task, long annotator, String a, String b, boolean leftIsA, Verdict verdict) {
        return new ArenaVote(task, annotator, a, b, leftIsA, verdict, null);
    }

    @Test
    void winsTiesLossesFromTheFirstVariantsSideWhateverTheTasksOrder() {
        List<ArenaVote> votes = List.of(
                // task 1: x (a) vs y (b): x, x, tie
                vote(1, 1, "x", "y", true, Verdict.A), vote(1, 2, "x", "y", false, Verdict.A),
                vote(1, 3, "x", "y", true, Verdict.TIE),
                // task 2: y (a) vs x (b): y won twice (b from x's side), both bad once
                vote(2, 1, "y", "x", true, Verdict.A), vote(2, 2, "y", "x", false, Verdict.A),
                vote(2, 3, "y", "x", true, Verdict.BOTH_BAD),
                // task 3: x vs y, one vote: x
                vote(3, 1, "x", "y", false, Verdict.A));
        ArenaReport report = new ArenaAnalysis(0, 200, 1, 1.0).analyse(votes);
        assertThat(report.pairs()).hasSize(1);
        ArenaReport.Pair pair = report.pairs().get(0);
        // x: wins 1,1 (task 1) + 1 (task 3) = 3; losses 2 (task 2); ties 1 + both bad 1 = 2 -> "3-2-2".
        assertThat(pair.wtl()).isEqualTo("x vs y: 3-2-2");
        assertThat(pair.bothBad()).isEqualTo(1);
        // win rate = 3 / (3 + 2) = 0.6 with the Wilson interval of 3 of 5; score = (3 + 2/2) / 7 = 4/7.
        assertThat(pair.winRate()).isEqualTo(0.6);
        assertThat(pair.winRateInterval()).isEqualTo(Wilson.interval(3, 5));
        assertThat(pair.score()).isCloseTo(4.0 / 7, within(1e-12));
        // agreement over tasks 1 and 2 (task 3 has one vote): [2,0,1,0] and [0,2,0,1], majority 2/3 each;
        // P_i = (4 + 1 - 3) / 6 = 1/3 each; p = (2/6, 2/6, 1/6, 1/6), P_e = (4 + 4 + 1 + 1) / 36 = 10/36;
        // kappa = (1/3 - 10/36) / (1 - 10/36) = (2/36) / (26/36) = 1/13.
        assertThat(pair.agreement().tasks()).isEqualTo(2);
        assertThat(pair.agreement().majorityShare()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(pair.agreement().fleissKappa()).isCloseTo(1.0 / 13, within(1e-12));
        // Position bias over the 5 decisive votes: shown-A won when (leftIsA and A) or (!leftIsA and B):
        // task 1: yes, no; task 2: yes, no; task 3: no -> 2 of 5.
        assertThat(pair.positionBias().shownAWins()).isEqualTo(2);
        assertThat(pair.positionBias().decisive()).isEqualTo(5);
        assertThat(report.positionBias().shownAWinRate()).isEqualTo(0.4);
        // Ratings: x has 3 + 1 (two ties as halves) + 0.5 (prior) = 4.5 against y's 2 + 1 + 0.5 = 3.5.
        assertThat(report.ratings()).extracting(ArenaReport.Rating::variant).containsExactly("x", "y");
        assertThat(report.ratings().get(0).rating() - report.ratings().get(1).rating())
                .isCloseTo(400 * Math.log10(4.5 / 3.5), within(1e-6));
        assertThat(report.votes()).isEqualTo(7);
        assertThat(report.tasks()).isEqualTo(3);
    }

    @Test
    void controlTasksMeasureAnnotatorsAndTheWeakOnesAreLeftOut() {
        List<ArenaVote> votes = new ArrayList<>();
        // annotator 1 right on both controls, annotator 2 right on one of two (50%).
        votes.add(new ArenaVote(10, 1, "x", "y", true, Verdict.A, Verdict.A));
        votes.add(new ArenaVote(11, 1, "x", "y", true, Verdict.TIE, Verdict.TIE));
        votes.add(new ArenaVote(10, 2, "x", "y", true, Verdict.B, Verdict.A));
        votes.add(new ArenaVote(11, 2, "x", "y", true, Verdict.TIE, Verdict.TIE));
        votes.add(vote(1, 1, "x", "y", true, Verdict.A));
        votes.add(vote(1, 2, "x", "y", true, Verdict.B));
        votes.add(vote(1, 3, "x", "y", true, Verdict.B)); // no control votes: kept whatever the threshold
        ArenaReport kept = new ArenaAnalysis(0, 0, 1, 1).analyse(votes);
        assertThat(kept.pairs().get(0).wtl()).as("control tasks are never counted").isEqualTo("x vs y: 1-0-2");
        assertThat(kept.annotatorResults()).extracting(a -> a.annotatorId() + ":" + a.controlCorrect() + "/"
                + a.controlVotes() + ":" + a.excluded()).containsExactly("1:2/2:false", "2:1/2:false", "3:0/0:false");

        ArenaReport strict = new ArenaAnalysis(0.75, 0, 1, 1).analyse(votes);
        assertThat(strict.pairs().get(0).wtl()).isEqualTo("x vs y: 1-0-1");
        assertThat(strict.excludedVotes()).isEqualTo(3);
        assertThat(strict.annotatorResults().get(1).excluded()).isTrue();
        assertThat(strict.annotatorResults().get(1).accuracy()).isEqualTo(0.5);
    }

    @Test
    void theBootstrapIsRepeatableAndItsIntervalHoldsTheEstimate() {
        List<ArenaVote> votes = new ArrayList<>();
        for (int task = 0; task < 30; task++) {
            votes.add(vote(task, 1, "x", "y", task % 2 == 0, task % 3 == 0 ? Verdict.B : Verdict.A));
            votes.add(vote(100 + task, 1, "y", "z", true, task % 4 == 0 ? Verdict.B : Verdict.A));
        }
        ArenaReport first = new ArenaAnalysis(0, 300, 99, 1).analyse(votes);
        ArenaReport again = new ArenaAnalysis(0, 300, 99, 1).analyse(votes);
        assertThat(again.ratings()).isEqualTo(first.ratings());
        assertThat(first.ratings()).extracting(ArenaReport.Rating::variant).containsExactly("x", "y", "z");
        for (ArenaReport.Rating rating : first.ratings()) {
            assertThat(rating.interval().low()).isLessThanOrEqualTo(rating.rating());
            assertThat(rating.interval().high()).isGreaterThanOrEqualTo(rating.rating());
        }
        assertThat(first.pairs()).extracting(ArenaReport.Pair::wtl).containsExactly("x vs y: 20-0-10", "y vs z: 22-0-8");
    }

    /**
     * The bootstrap sums each task's votes once: its intervals are, to the last bit, those of resampling the votes
     * themselves (every vote of a drawn task added again), ties and "both bad" included, and a task voted on two
     * pairs too.
     */
    @Test
    void theBootstrapGivesTheIntervalsOfResamplingVoteByVote() {
        Random random = new Random(11);
        String[] variants = {"a", "b", "c", "d"};
        List<ArenaVote> votes = new ArrayList<>();
        for (int task = 0; task < 400; task++) {
            int x = random.nextInt(4);
            int y = (x + 1 + random.nextInt(3)) % 4;
            for (int annotator = 0; annotator <= random.nextInt(3); annotator++) {
                votes.add(vote(task, annotator, variants[x], variants[y], random.nextBoolean(),
                        Verdict.values()[random.nextInt(4)]));
            }
            if (task % 25 == 0) {
                votes.add(vote(task, 9, variants[y], variants[x], true, Verdict.TIE));
            }
        }
        int samples = 200;
        long seed = 5;
        ArenaReport report = new ArenaAnalysis(0, samples, seed, 1).analyse(votes);

        // the variants numbered as the analysis numbers them, in the order they first appear
        Map<String, Integer> order = new LinkedHashMap<>();
        votes.forEach(v -> {
            order.putIfAbsent(v.variantA(), order.size());
            order.putIfAbsent(v.variantB(), order.size());
        });
        Map<Long, List<ArenaVote>> byTask = new LinkedHashMap<>();
        votes.forEach(v -> byTask.computeIfAbsent(v.taskId(), id -> new ArrayList<>()).add(v));
        List<List<ArenaVote>> tasks = new ArrayList<>(byTask.values());
        Random draws = new Random(seed);
        double[][] ratings = new double[order.size()][samples];
        for (int s = 0; s < samples; s++) {
            List<ArenaVote> sample = new ArrayList<>();
            for (int t = 0; t < tasks.size(); t++) {
                sample.addAll(tasks.get(draws.nextInt(tasks.size())));
            }
            double[] fitted = BradleyTerry.ratings(ArenaAnalysis.wins(sample, order, order.size()), 1);
            for (int i = 0; i < fitted.length; i++) {
                ratings[i][s] = fitted[i];
            }
        }
        for (ArenaReport.Rating rating : report.ratings()) {
            double[] sorted = ratings[order.get(rating.variant())];
            Arrays.sort(sorted);
            assertThat(rating.interval()).as(rating.variant()).isEqualTo(new Interval(
                    ArenaAnalysis.percentile(sorted, 0.025), ArenaAnalysis.percentile(sorted, 0.975)));
        }
    }
}
