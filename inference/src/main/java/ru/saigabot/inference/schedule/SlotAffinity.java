package ru.saigabot.inference.schedule;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * Which free slot a request goes to. llama.cpp keeps each slot's last prompt and answer in its KV cache, so a
 * conversation's next turn is cheap on the slot whose cache holds the longest start of its prompt: that free slot is
 * chosen, whichever served it last (with more conversations than slots, its previous turn's slot may have served
 * another one since, and another slot may still hold an older turn of it). What counts as held is the job's to say
 * ({@link SlotScheduler.Job#cachedTokensOn}: the engine counts a slot only when most of what it holds is the prompt's
 * start, not a system prompt it shares with another conversation). Among slots holding equally much (nothing) the one
 * that served the conversation last, otherwise the one used longest ago, whose cached conversation is the least likely
 * to come back soon. It never makes a request wait for "its" slot: which request runs next is the
 * {@link FairQueue}'s decision alone.
 *
 * <p>Not thread-safe; the scheduler calls it under its lock. A pure policy, tested without a model.
 */
public final class SlotAffinity {
    private final String[] lastKey;
    private final long[] lastUsed;
    private long clock;

    public SlotAffinity(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, got " + slots);
        }
        this.lastKey = new String[slots];
        this.lastUsed = new long[slots];
    }

    /**
     * Picks one of the free slots for a request of conversation {@code key} (null: none) and records that the slot
     * now holds that conversation.
     *
     * @param free   which slots are free; at least one must be
     * @param cached how many of the request's prompt tokens each slot's cache holds
     * @return the chosen slot, 0-based
     */
    public int take(boolean[] free, String key, IntUnaryOperator cached) {
        if (free.length != lastKey.length) {
            throw new IllegalArgumentException("expected " + lastKey.length + " slots, got " + free.length);
        }
        boolean[] candidates = mostCached(free, cached);
        int chosen = key == null ? -1 : slotOf(candidates, key);
        if (chosen < 0) {
            chosen = leastRecentlyUsed(candidates);
        }
        lastKey[chosen] = key;
        lastUsed[chosen] = ++clock;
        return chosen;
    }

    /** The conversation whose turn a slot served last, or null. */
    public String holder(int slot) {
        return lastKey[slot];
    }

    /** The free slots whose caches hold the most of the prompt (every free slot when none holds any). */
    private static boolean[] mostCached(boolean[] free, IntUnaryOperator cached) {
        int[] tokens = new int[free.length];
        int most = 0;
        for (int slot = 0; slot < free.length; slot++) {
            tokens[slot] = free[slot] ? cached.applyAsInt(slot) : 0;
            most = Math.max(most, tokens[slot]);
        }
        boolean[] candidates = new boolean[free.length];
        for (int slot = 0; slot < free.length; slot++) {
            candidates[slot] = free[slot] && tokens[slot] == most;
        }
        return candidates;
    }

    private int slotOf(boolean[] free, String key) {
        for (int slot = 0; slot < free.length; slot++) {
            if (free[slot] && key.equals(lastKey[slot])) {
                return slot;
            }
        }
        return -1;
    }

    private int leastRecentlyUsed(boolean[] free) {
        int chosen = -1;
        for (int slot = 0; slot < free.length; slot++) {
            if (free[slot] && (chosen < 0 || lastUsed[slot] < lastUsed[chosen])) {
                chosen = slot;
            }
        }
        if (chosen < 0) {
            throw new IllegalStateException("no free slot among " + Arrays.toString(free));
        }
        return chosen;
    }
}
