package ru.saigabot.training.arena;

/** A confidence interval; NaN bounds when there was nothing to estimate from. */
public record Interval(double low, double high) {
    public static final Interval NONE = new Interval(Double.NaN, Double.NaN);
}
