package ru.saigabot.training.clean;

/**
 * The current votes on one answer: one per user (a later 👎 replaces the same user's 👍).
 *
 * @param up   how many users like it
 * @param down how many users dislike it
 */
public record VoteTally(int up, int down) {
    public VoteTally {
        if (up < 0 || down < 0) {
            throw new IllegalArgumentException("vote counts cannot be negative: up=" + up + " down=" + down);
        }
    }

    public int total() {
        return up + down;
    }
}
