package ru.saigabot.bot.api.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each API key's requests in a sliding minute, against the key's own {@code requests_per_minute}. In memory: a
 * restart forgives a minute, which costs nothing for a limit that keeps one program from crowding the queue, and a
 * request pays no query for it. The caller passes the time, so tests move it instead of sleeping.
 *
 * <p>Windows are kept per key id, and keys are made by hand with {@code api-keys add}: there are few, so a window
 * is never evicted.
 */
public final class RequestRate {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Map<Long, Deque<Instant>> windows = new ConcurrentHashMap<>();

    /**
     * Empty when a request of {@code key} may go now, and then counts it; otherwise the whole seconds until one may
     * (at least 1, as HTTP's Retry-After wants), counting nothing: a caller that retries too early does not push its
     * own wait further. The limit is read from {@code key} each time, so a changed limit applies at once.
     */
    public OptionalLong retryAfterSeconds(ApiKey key, Instant now) {
        Integer limit = key.requestsPerMinute();
        if (limit == null) {
            return OptionalLong.empty();
        }
        Deque<Instant> times = windows.computeIfAbsent(key.id(), id -> new ArrayDeque<>());
        synchronized (times) {
            Instant windowStart = now.minus(WINDOW);
            while (!times.isEmpty() && !times.peekFirst().isAfter(windowStart)) {
                times.pollFirst();
            }
            if (times.size() < limit) {
                times.addLast(now);
                return OptionalLong.empty();
            }
            return OptionalLong.of(secondsUntil(freeingTime(times, limit), now));
        }
    }

    /**
     * When enough requests have left the window for one more: the one at {@code size - limit} from the oldest
     * (the oldest itself unless the limit was lowered since they were counted).
     */
    private static Instant freeingTime(Deque<Instant> times, int limit) {
        Iterator<Instant> oldestFirst = times.iterator();
        for (int skip = times.size() - limit; skip > 0; skip--) {
            oldestFirst.next();
        }
        return oldestFirst.next().plus(WINDOW);
    }

    /** Rounded up; never over the window, even when the wall clock the caller reads stepped back. */
    private static long secondsUntil(Instant free, Instant now) {
        long millis = Duration.between(now, free).toMillis();
        return Math.max(1, Math.min(WINDOW.toSeconds(), (millis + 999) / 1000));
    }
}
