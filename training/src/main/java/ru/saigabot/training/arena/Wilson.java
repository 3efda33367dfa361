package ru.saigabot.training.arena;

/**
 * The Wilson score interval of a proportion: unlike the normal approximation it stays inside [0, 1] and behaves
 * with few votes or a share near 0 or 1, which is what arena pairs with a few dozen votes have.
 */
public final class Wilson {
    /** The 97.5% quantile of the standard normal distribution: a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    private Wilson() {}

    public static Interval interval(double successes, double trials) {
        if (trials <= 0) {
            return Interval.NONE;
        }
        double p = successes / trials;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / trials;
        double centre = (p + z2 / (2 * trials)) / denominator;
        double half = Z95 * Math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator;
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
