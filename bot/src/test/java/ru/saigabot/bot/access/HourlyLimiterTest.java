package ru.saigabot.bot.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HourlyLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000);

    @Test
    void allowsTheLimitPerSlidingHourAndSaysHowLongToWait() {
        HourlyLimiter limiter = new HourlyLimiter(2, now::get);
        assertThat(acquire(limiter, 1)).isEmpty();
        now.addAndGet(10 * 60_000);
        assertThat(acquire(limiter, 1)).isEmpty();
        assertThat(acquire(limiter, 1)).hasValue(50 * 60_000L);
        assertThat(acquire(limiter, 2)).as("another user has their own hour").isEmpty();
        now.addAndGet(50 * 60_000);
        assertThat(acquire(limiter, 1)).as("the first message left the window").isEmpty();
        assertThat(acquire(limiter, 1)).isPresent();
    }

    @Test
    void askingCountsNothingUntilTheMessageIsRecorded() {
        HourlyLimiter limiter = new HourlyLimiter(1, now::get);
        assertThat(limiter.waitFor(1)).isEmpty();
        assertThat(limiter.waitFor(1)).as("a message refused for another reason used no part of the hour").isEmpty();
        limiter.record(1);
        assertThat(limiter.waitFor(1)).hasValue(60 * 60_000L);
        assertThat(acquire(limiter, 1)).isPresent();
    }

    /** Asks, and counts the message when it may go, as the message handler does. */
    private static java.util.OptionalLong acquire(HourlyLimiter limiter, long userId) {
        java.util.OptionalLong wait = limiter.waitFor(userId);
        if (wait.isEmpty()) {
            limiter.record(userId);
        }
        return wait;
    }

    @Test
    void zeroMeansNoLimit() {
        HourlyLimiter limiter = new HourlyLimiter(0, now::get);
        for (int i = 0; i < 1000; i++) {
            assertThat(acquire(limiter, 1)).isEmpty();
        }
    }
}
