package ru.saigabot.training.arena;

import java.util.List;

/**
 * How much annotators agree on the same tasks, over the tasks with at least two votes.
 *
 * <p>Majority share: per task, the votes of its most frequent verdict over its votes, averaged over tasks.
 * Fleiss' kappa with a varying number of raters per task: P_i = (sum_j n_ij^2 - n_i) / (n_i (n_i - 1)),
 * P = mean of P_i, p_j = sum_i n_ij / sum_i n_i, P_e = sum_j p_j^2, kappa = (P - P_e) / (1 - P_e); 1 is full
 * agreement, 0 what chance gives, negative less than chance.
 *
 * @param tasks tasks with two votes or more (the others say nothing about agreement)
 */
public record Agreement(int tasks, double majorityShare, double fleissKappa) {

    /** {@code counts}: per task, the number of votes for each verdict (same categories for every task). */
    public static Agreement of(List<int[]> counts) {
        int tasks = 0;
        double majority = 0;
        double observed = 0;
        double[] totals = null;
        double votes = 0;
        for (int[] task : counts) {
            int n = 0;
            int top = 0;
            long squares = 0;
            for (int count : task) {
                n += count;
                top = Math.max(top, count);
                squares += (long) count * count;
            }
            if (n < 2) {
                continue;
            }
            if (totals == null) {
                totals = new double[task.length];
            }
            for (int j = 0; j < task.length; j++) {
                totals[j] += task[j];
            }
            votes += n;
            tasks++;
            majority += (double) top / n;
            observed += (double) (squares - n) / ((double) n * (n - 1));
        }
        if (tasks == 0) {
            return new Agreement(0, Double.NaN, Double.NaN);
        }
        double expected = 0;
        for (double total : totals) {
            expected += (total / votes) * (total / votes);
        }
        double meanObserved = observed / tasks;
        // All votes in one category: agreement is perfect and chance explains it fully; kappa is undefined.
        double kappa = expected >= 1 ? Double.NaN : (meanObserved - expected) / (1 - expected);
        return new Agreement(tasks, majority / tasks, kappa);
    }
}
