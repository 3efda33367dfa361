package ru.saigabot.bot.telegram;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps the bot under Telegram's broadcast limits before Telegram has to say 429: about 30 messages a
 * second overall and 20 a minute in one group (edits of streamed answers count there too). Each limit is
 * a GCRA bucket (a token bucket kept as one "theoretical arrival time"): a burst of half the limit passes
 * at once and the rest is spread evenly at half the rate, so no sliding window ever holds more than the
 * limit (burst + rate × window). A caller over the limit is told how long to wait.
 */
public final class SendRateLimiter {
    /** 15 at once, then one per 1/15 s: at most 30 in any second. */
    private static final long GLOBAL_INTERVAL = TimeUnit.SECONDS.toNanos(1) / 15;
    private static final long GLOBAL_BURST = 14 * GLOBAL_INTERVAL;
    /** 10 at once, then one per 6 s: at most 20 in any minute. */
    private static final long GROUP_INTERVAL = TimeUnit.SECONDS.toNanos(6);
    private static final long GROUP_BURST = 9 * GROUP_INTERVAL;

    private final LongSupplier nanoTime;
    private final Map<Long, Long> groupArrival = new HashMap<>();
    private long globalArrival = Long.MIN_VALUE;
    private long nextPrune;

    public SendRateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Reserves a message to {@code chatId} and returns how many nanoseconds to wait before sending it. */
    public synchronized long reserve(long chatId) {
        long now = nanoTime.getAsLong();
        boolean group = chatId < 0; // groups and supergroups have negative ids
        long globalTat = Math.max(globalArrival, now);
        long at = Math.max(now, globalTat - GLOBAL_BURST);
        if (group) {
            long groupTat = Math.max(groupArrival.getOrDefault(chatId, now), now);
            at = Math.max(at, groupTat - GROUP_BURST);
            groupArrival.put(chatId, Math.max(groupTat, at) + GROUP_INTERVAL);
        }
        globalArrival = Math.max(globalTat, at) + GLOBAL_INTERVAL;
        prune(now);
        return at - now;
    }

    /**
     * Reserves a message to {@code chatId} if it may go now, and returns 0; otherwise reserves nothing and
     * returns how many nanoseconds until it may. For senders that wait on a timer rather than in a sleep:
     * whoever reserves in the meantime (an answer) goes first, and the caller asks again.
     */
    public synchronized long reserveIfDue(long chatId) {
        long now = nanoTime.getAsLong();
        long at = Math.max(now, Math.max(globalArrival, now) - GLOBAL_BURST);
        if (chatId < 0) {
            at = Math.max(at, Math.max(groupArrival.getOrDefault(chatId, now), now) - GROUP_BURST);
        }
        if (at > now) {
            return at - now;
        }
        return reserve(chatId);
    }

    /**
     * Reserves a message only if it can go now and leaves room for {@code headroom} more in the chat's
     * group bucket: streamed previews give way to the messages that carry answers.
     */
    public synchronized boolean tryReserve(long chatId, int headroom) {
        long now = nanoTime.getAsLong();
        long globalTat = Math.max(globalArrival, now);
        if (globalTat - GLOBAL_BURST > now) {
            return false;
        }
        if (chatId < 0) {
            long groupTat = Math.max(groupArrival.getOrDefault(chatId, now), now);
            if (groupTat + (long) headroom * GROUP_INTERVAL - GROUP_BURST > now) {
                return false;
            }
            groupArrival.put(chatId, groupTat + GROUP_INTERVAL);
        }
        globalArrival = globalTat + GLOBAL_INTERVAL;
        return true;
    }

    /** Forgets groups whose bucket is full again, so memory follows the groups active in the last minute. */
    private void prune(long now) {
        if (now - nextPrune < 0) {
            return;
        }
        nextPrune = now + TimeUnit.MINUTES.toNanos(1);
        for (Iterator<Long> it = groupArrival.values().iterator(); it.hasNext(); ) {
            if (it.next() - now <= 0) {
                it.remove();
            }
        }
    }
}
