package ru.saigabot.bot.generation;

/**
 * One side of a live battle: the task, the variant that answers, whether it is shown first (as "A"), and the
 * requester's vote row that the buttons under the second answer carry.
 */
public record ArenaTurn(long taskId, ArenaSide side, boolean shownFirst, long voteId) {
    /** "A" for the answer shown first, "B" for the second, as {@code generation.arena_shown} stores it. */
    public String shownLabel() {
        return shownFirst ? "A" : "B";
    }
}
