package ru.saigabot.bot.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Commands per user, in memory (issue #16: one member sending /help a hundred times spent a group's sending budget
 * for minutes). A burst of {@link #BURST} passes at once, then one every {@link #INTERVAL}: about 20 a minute, more
 * than anyone types. The first command over the limit is answered with a note and the rest are ignored until the
 * user is admitted again, so a flood gets one reply, not one per command. A restart forgives, which is fine here.
 */
public final class CommandLimiter {
    public static final int BURST = 10;
    public static final Duration INTERVAL = Duration.ofSeconds(3);

    private final long intervalMillis;
    private final long toleranceMillis;
    private final LongSupplier clockMillis;
    private final Cache<Long, State> users;
    private final LongAdder refused = new LongAdder();

    /** What to do with a user's command. */
    public record Decision(boolean admitted, boolean tell, long waitMillis) {
        static final Decision ADMITTED = new Decision(true, false, 0);
    }

    public CommandLimiter(LongSupplier clockMillis) {
        this(BURST, INTERVAL, clockMillis);
    }

    public CommandLimiter(int burst, Duration interval, LongSupplier clockMillis) {
        this.intervalMillis = interval.toMillis();
        this.toleranceMillis = (burst - 1) * intervalMillis;
        this.clockMillis = clockMillis;
        // A user idle for longer than a full bucket takes is the same as a new one.
        this.users = Caffeine.newBuilder().maximumSize(200_000)
                .expireAfterAccess(Duration.ofMillis(toleranceMillis + intervalMillis).plusMinutes(1))
                .executor(Runnable::run).build();
    }

    /** Counts a command of {@code userId} if the limit admits it; otherwise says whether to tell them, and the wait. */
    public Decision admit(long userId) {
        long now = clockMillis.getAsLong();
        State state = users.get(userId, id -> new State(now));
        synchronized (state) {
            // GCRA: the "theoretical arrival time" of the next command; within the tolerance it may come now.
            long arrival = Math.max(state.arrival, now);
            if (arrival - toleranceMillis <= now) {
                state.arrival = arrival + intervalMillis;
                state.told = false;
                return Decision.ADMITTED;
            }
            refused.increment();
            boolean tell = !state.told;
            state.told = true;
            return new Decision(false, tell, arrival - toleranceMillis - now);
        }
    }

    /** Commands refused since the start, for the metrics. */
    public long refused() {
        return refused.sum();
    }

    private static final class State {
        long arrival;
        boolean told;

        State(long now) {
            this.arrival = now;
        }
    }
}
