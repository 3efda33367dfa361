package ru.saigabot.inference.schedule;

import java.util.Arrays;

/**
 * Which free slot a request goes to. llama.cpp keeps each slot's last prompt and answer in its KV cache, so a
 * conversation's next turn is cheap only on the slot that served its previous turn: that slot is chosen when it is
 * free. Otherwise the free slot used longest ago, whose cached conversation is the least likely to come back soon.
 * It never makes a request wait for "its" slot: which request runs next is the {@link FairQueue}'s decision alone.
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
     * @param free which slots are free; at least one must be
     * @return the chosen slot, 0-based
     */
    public int take(boolean[] free, String key) {
        if (free.length != lastKey.length) {
            throw new IllegalArgumentException("expected " + lastKey.length + " slots, got " + free.length);
        }
        int chosen = key == null ? -1 : slotOf(free, key);
        if (chosen < 0) {
            chosen = leastRecentlyUsed(free);
        }
        lastKey[chosen] = key;
        lastUsed[chosen] = ++clock;
        return chosen;
    }

    /** The conversation whose turn a slot served last, or null. */
    public String holder(int slot) {
        return lastKey[slot];
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
