package ru.saigabot.training.prepare;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * KTO's loss weights for liked (desirable) and disliked (undesirable) answers. TRL's KTO documentation asks that
 * {@code desirable_weight × liked : undesirable_weight × disliked} lie between 1:1 and 4:3, reached by raising
 * the weight of the rarer kind; the weights are rounded to two decimals in the direction that keeps the ratio
 * inside that range.
 */
public record KtoWeights(double desirable, double undesirable) {

    /** The upper end of the range TRL recommends, 4:3. */
    public static final double MAX_RATIO = 4.0 / 3.0;

    public KtoWeights {
        if (!(desirable > 0) || !(undesirable > 0)) {
            throw new IllegalArgumentException("KTO weights must be positive, got " + desirable + " and " + undesirable);
        }
    }

    /** Weights for a training set with {@code liked} 👍 and {@code disliked} 👎 records. */
    public static KtoWeights balance(long liked, long disliked) {
        if (liked <= 0 || disliked <= 0) {
            throw new PrepareException("KTO needs both liked and disliked answers; the training file has " + liked
                    + " 👍 and " + disliked + " 👎. Collect more votes, or prepare an SFT run instead (--method sft)");
        }
        double ratio = (double) liked / disliked;
        if (ratio >= 1 && ratio <= MAX_RATIO) {
            return new KtoWeights(1, 1);
        }
        if (ratio > MAX_RATIO) {
            // More likes: raise the dislikes' weight to just under the ratio, so the weighted ratio stays >= 1.
            return new KtoWeights(1, round(ratio, RoundingMode.FLOOR));
        }
        // More dislikes: raise the likes' weight to just over the inverse, so the weighted ratio stays >= 1.
        return new KtoWeights(round((double) disliked / liked, RoundingMode.CEILING), 1);
    }

    /** {@code desirable × liked / (undesirable × disliked)}: the figure TRL's rule is about. */
    public double weightedRatio(long liked, long disliked) {
        return desirable * liked / (undesirable * disliked);
    }

    private static double round(double value, RoundingMode mode) {
        return BigDecimal.valueOf(value).setScale(2, mode).doubleValue();
    }
}
