package ru.saigabot.training.arena;

import java.util.Arrays;

/**
 * Bradley–Terry strengths from pairwise results, fitted with Hunter's MM algorithm (2004): with W_i the wins of
 * i and n_ij the comparisons of i and j, repeat p_i := W_i / sum_j n_ij / (p_i + p_j), then scale so the
 * geometric mean is 1, until nothing changes by more than 1e-10. A tie counts half a win for each side.
 * {@code prior} adds that many virtual ties to every pair that met, so a variant that never won keeps a finite
 * rating (and resampled data always has a fit); 0 gives the plain maximum-likelihood estimate.
 * Ratings are on the Elo scale: 1000 + 400 log10(p_i), so 400 points mean 10:1 odds of winning.
 */
public final class BradleyTerry {
    private static final int MAX_ITERATIONS = 100_000;
    private static final double TOLERANCE = 1e-10;

    private BradleyTerry() {}

    /**
     * @param wins wins[i][j]: how often i beat j (ties already added as 0.5 to both cells)
     * @return the ratings, in the order of {@code wins}
     */
    public static double[] ratings(double[][] wins, double prior) {
        int k = wins.length;
        double[][] w = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (i != j) {
                    boolean met = wins[i][j] + wins[j][i] > 0;
                    w[i][j] = wins[i][j] + (met ? prior / 2 : 0);
                }
            }
        }
        double[] p = new double[k];
        Arrays.fill(p, 1.0);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] next = new double[k];
            for (int i = 0; i < k; i++) {
                double won = 0;
                double denominator = 0;
                for (int j = 0; j < k; j++) {
                    if (i != j) {
                        won += w[i][j];
                        double n = w[i][j] + w[j][i];
                        if (n > 0) {
                            denominator += n / (p[i] + p[j]);
                        }
                    }
                }
                next[i] = denominator == 0 ? p[i] : won / denominator;
            }
            normalise(next);
            double change = 0;
            for (int i = 0; i < k; i++) {
                change = Math.max(change, Math.abs(next[i] - p[i]) / Math.max(p[i], 1e-300));
            }
            p = next;
            if (change < TOLERANCE) {
                break;
            }
        }
        double[] ratings = new double[k];
        for (int i = 0; i < k; i++) {
            ratings[i] = 1000 + 400 * Math.log10(p[i]);
        }
        return ratings;
    }

    /** Scales to a geometric mean of 1 over the variants with a positive strength. */
    private static void normalise(double[] p) {
        double logSum = 0;
        int positive = 0;
        for (double value : p) {
            if (value > 0) {
                logSum += Math.log(value);
                positive++;
            }
        }
        if (positive == 0) {
            return;
        }
        double scale = Math.exp(-logSum / positive);
        for (int i = 0; i < p.length; i++) {
            p[i] *= scale;
        }
    }
}
