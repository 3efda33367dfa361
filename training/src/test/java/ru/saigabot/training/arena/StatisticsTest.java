package ru.saigabot.training.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The statistics of the arena report against examples computed by hand (the working is in the comments). */
class StatisticsTest {

    @Test
    void wilsonIntervalOfSaigasExample() {
        // 70 wins, 95 losses: n = 165, p = 70/165 = 0.424242, z = 1.959964, z^2 = 3.841459.
        // denominator = 1 + z^2/n = 1.023282; centre = (p + z^2/(2n)) / denominator = (0.424242 + 0.011641) / 1.023282
        // = 0.425966; half = z * sqrt(p(1-p)/n + z^2/(4n^2)) / denominator
        // = 1.959964 * sqrt(0.00148037 + 0.00003527) / 1.023282 = 0.074568; interval = [0.351398, 0.500534].
        Interval interval = Wilson.interval(70, 165);
        assertThat(interval.low()).isCloseTo(0.351398, within(1e-6));
        assertThat(interval.high()).isCloseTo(0.500534, within(1e-6));
    }

    @Test
    void wilsonIntervalOfFewVotesStaysInsideZeroToOne() {
        // 3 of 4: p = 0.75, denominator = 1 + 3.841459/4 = 1.960365, centre = (0.75 + 0.480182) / 1.960365 = 0.627527,
        // half = 1.959964 * sqrt(0.046875 + 0.060023) / 1.960365 = 0.326885 -> [0.300642, 0.954413].
        assertThat(Wilson.interval(3, 4).low()).isCloseTo(0.300642, within(1e-6));
        assertThat(Wilson.interval(3, 4).high()).isCloseTo(0.954413, within(1e-6));
        // 0 of 5: centre = half = (3.841459/10) / 1.768292 = 0.217241 -> [0, 0.434482], never below 0.
        assertThat(Wilson.interval(0, 5).low()).isEqualTo(0.0);
        assertThat(Wilson.interval(0, 5).high()).isCloseTo(0.434482, within(1e-6));
        assertThat(Wilson.interval(0, 0)).isEqualTo(Interval.NONE);
    }

    @Test
    void fleissKappaAndMajorityShare() {
        // Three tasks, three votes each, verdicts (a, b, tie, both bad):
        //   task 1: a a a    -> [3, 0, 0, 0], P_1 = (9 - 3) / (3 * 2) = 1, majority 3/3
        //   task 2: a a b    -> [2, 1, 0, 0], P_2 = (4 + 1 - 3) / 6 = 1/3, majority 2/3
        //   task 3: b b tie  -> [0, 2, 1, 0], P_3 = (4 + 1 - 3) / 6 = 1/3, majority 2/3
        // P = (1 + 1/3 + 1/3) / 3 = 5/9; p = (5/9, 3/9, 1/9, 0); P_e = (25 + 9 + 1) / 81 = 35/81;
        // kappa = (5/9 - 35/81) / (1 - 35/81) = (10/81) / (46/81) = 10/46 = 0.217391; majority share = 7/9.
        // A task with one vote says nothing about agreement and is left out.
        Agreement agreement = Agreement.of(List.of(new int[] {3, 0, 0, 0}, new int[] {2, 1, 0, 0},
                new int[] {0, 2, 1, 0}, new int[] {0, 0, 0, 1}));
        assertThat(agreement.tasks()).isEqualTo(3);
        assertThat(agreement.fleissKappa()).isCloseTo(10.0 / 46, within(1e-12));
        assertThat(agreement.majorityShare()).isCloseTo(7.0 / 9, within(1e-12));
    }

    @Test
    void fleissKappaIsOneWhenEveryoneAgreesOnDifferentVerdicts() {
        // [2,0,0,0] and [0,2,0,0]: P_i = 1 each, p = (1/2, 1/2), P_e = 1/2, kappa = (1 - 1/2) / (1 - 1/2) = 1.
        assertThat(Agreement.of(List.of(new int[] {2, 0, 0, 0}, new int[] {0, 2, 0, 0})).fleissKappa()).isEqualTo(1.0);
    }

    @Test
    void bradleyTerryOfTwoVariantsIsTheirOddsOfWinning() {
        // x beat y 3 times, y beat x once: the maximum-likelihood odds p_x / p_y = 3/1. With a geometric mean of 1,
        // p_x = sqrt(3), p_y = 1/sqrt(3): ratings 1000 +- 400 log10(sqrt 3) = 1000 +- 95.424 (1095.424, 904.576).
        double[] ratings = BradleyTerry.ratings(new double[][] {{0, 3}, {1, 0}}, 0);
        assertThat(ratings[0]).isCloseTo(1095.424251, within(1e-4));
        assertThat(ratings[1]).isCloseTo(904.575749, within(1e-4));
        // A tie is half a win each: 3.5 to 1.5 -> odds 7/3, difference 400 log10(7/3) = 147.19.
        double[] withTie = BradleyTerry.ratings(new double[][] {{0, 3.5}, {1.5, 0}}, 0);
        assertThat(withTie[0] - withTie[1]).isCloseTo(400 * Math.log10(7.0 / 3), within(1e-6));
        // A prior of one virtual tie per pair: 3.5 to 1.5 as well.
        double[] withPrior = BradleyTerry.ratings(new double[][] {{0, 3}, {1, 0}}, 1);
        assertThat(withPrior[0] - withPrior[1]).isCloseTo(400 * Math.log10(7.0 / 3), within(1e-6));
    }

    @Test
    void bradleyTerryOfACycleIsEqualAndOfAChainSatisfiesItsLikelihoodEquations() {
        // x beats y 2-1, y beats z 2-1, z beats x 2-1: by symmetry every strength is 1, every rating 1000.
        double[] cycle = BradleyTerry.ratings(new double[][] {{0, 2, 1}, {1, 0, 2}, {2, 1, 0}}, 0);
        assertThat(cycle).containsExactly(new double[] {1000, 1000, 1000}, within(1e-6));
        // A chain: the fit must satisfy W_i = sum_j n_ij p_i / (p_i + p_j) for every i (the likelihood's maximum).
        double[][] wins = {{0, 4, 3}, {2, 0, 3}, {1, 1, 0}};
        double[] ratings = BradleyTerry.ratings(wins, 0);
        double[] p = new double[3];
        for (int i = 0; i < 3; i++) {
            p[i] = Math.pow(10, (ratings[i] - 1000) / 400);
        }
        for (int i = 0; i < 3; i++) {
            double won = 0;
            double expected = 0;
            for (int j = 0; j < 3; j++) {
                if (i != j) {
                    won += wins[i][j];
                    expected += (wins[i][j] + wins[j][i]) * p[i] / (p[i] + p[j]);
                }
            }
            assertThat(expected).as("variant %d", i).isCloseTo(won, within(1e-6));
        }
        assertThat(ratings[0]).isGreaterThan(ratings[1]).isGreaterThan(0);
        assertThat(ratings[1]).isGreaterThan(ratings[2]);
    }

    @Test
    void percentileInterpolatesBetweenRanks() {
        // sorted (1, 2, 3, 4, 5): q = 0.025 -> position 0.1 -> 1.1; q = 0.975 -> position 3.9 -> 4.9.
        double[] sorted = {1, 2, 3, 4, 5};
        assertThat(ArenaAnalysis.percentile(sorted, 0.025)).isCloseTo(1.1, within(1e-12));
        assertThat(ArenaAnalysis.percentile(sorted, 0.975)).isCloseTo(4.9, within(1e-12));
    }
}
