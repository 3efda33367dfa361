package ru.saigabot.training.clean;

/**
 * DPO pairs whose chosen answer is much longer than the rejected one mostly teach "longer is better"
 * (length bias); such pairs are dropped.
 *
 * @param maxRatio the most the chosen side may be longer, as a multiple of the rejected side's length
 */
public record LengthRatio(double maxRatio) {
    public static final double DEFAULT = 2.08;

    public LengthRatio {
        if (!(maxRatio >= 1.0) || Double.isInfinite(maxRatio)) {
            throw new IllegalArgumentException("--max-length-ratio = " + maxRatio + " is out of range; it must be >= 1");
        }
    }

    /** Lengths in Unicode code points, so Russian and English text are measured alike. */
    public boolean accepts(String chosen, String rejected) {
        long chosenLength = chosen.codePointCount(0, chosen.length());
        long rejectedLength = Math.max(1, rejected.codePointCount(0, rejected.length()));
        return chosenLength <= maxRatio * rejectedLength;
    }
}
