package ru.saigabot.bot.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Messages per user in a sliding hour, in memory: a restart forgives, which is fine for a limit that
 * protects the CPU from one user, and it costs no query per message.
 */
public final class HourlyLimiter {
    private static final long HOUR_MILLIS = Duration.ofHours(1).toMillis();

    private final int perHour;
    private final LongSupplier clockMillis;
    private final Cache<Long, Deque<Long>> recent;

    public HourlyLimiter(int perHour, LongSupplier clockMillis) {
        this.perHour = perHour;
        this.clockMillis = clockMillis;
        this.recent = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofHours(1))
                .executor(Runnable::run).build();
    }

    /**
     * How many milliseconds until {@code userId} may send again (the oldest message of the full hour
     * leaves the window), empty when they may now. Counts nothing: a message can still be refused for
     * another reason; {@link #record} counts it once accepted.
     */
    public OptionalLong waitFor(long userId) {
        if (perHour == 0) {
            return OptionalLong.empty();
        }
        long now = clockMillis.getAsLong();
        Deque<Long> times = recent.get(userId, id -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= now - HOUR_MILLIS) {
                times.pollFirst();
            }
            return times.size() >= perHour ? OptionalLong.of(times.peekFirst() + HOUR_MILLIS - now)
                    : OptionalLong.empty();
        }
    }

    /** Counts one accepted message of {@code userId}. */
    public void record(long userId) {
        if (perHour == 0) {
            return;
        }
        Deque<Long> times = recent.get(userId, id -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(clockMillis.getAsLong());
        }
    }
}
