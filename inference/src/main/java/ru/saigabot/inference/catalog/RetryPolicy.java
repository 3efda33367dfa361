package ru.saigabot.inference.catalog;

import java.time.Duration;

/**
 * How often, and how patiently, a failing transfer is tried again.
 *
 * @param maxAttempts attempts in a row that may fail without transferring anything; an attempt that moved some
 *     bytes resets the count, so a long download survives a flaky network as long as it keeps moving
 * @param firstDelay wait after the first failure; it doubles after each further failure
 * @param maxDelay the longest wait
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, Duration maxDelay) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= firstDelay <= maxDelay");
        }
    }

    /** Five attempts, waiting 1, 2, 4, 8 s in between. */
    public static RetryPolicy standard() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** The wait after {@code failures} consecutive failures (1 = the first failure). */
    public Duration delayAfter(int failures) {
        Duration delay = firstDelay;
        for (int i = 1; i < failures && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
