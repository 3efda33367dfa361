package ru.saigabot.training.arena;

import java.util.Objects;

/**
 * One decided vote as the report reads it.
 *
 * @param leftIsA whether variant a's answer was the one shown as "A" (first, left)
 * @param control the known right verdict when the task is a control task, else null
 */
public record ArenaVote(long taskId, long annotatorId, String variantA, String variantB, boolean leftIsA,
                        Verdict verdict, Verdict control) {
    public ArenaVote {
        Objects.requireNonNull(variantA, "variantA");
        Objects.requireNonNull(variantB, "variantB");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** Whether the answer shown as "A" won (false for ties and for B). */
    public boolean shownAWon() {
        return verdict == (leftIsA ? Verdict.A : Verdict.B);
    }
}
