package ru.saigabot.training.export;

import java.time.Instant;

/** An answered arena task with its decided votes counted, as the DPO export reads it. */
record ArenaTaskVotes(long taskId, String prompt, String systemPrompt, String answerA, String answerB,
                      Instant createdAt, int a, int b, int tie, int bothBad) {

    /** "a" or "b" when that answer has strictly more votes than any other verdict; null otherwise (no pair). */
    String preferred() {
        int others = Math.max(tie, bothBad);
        if (a > b && a > others) {
            return "a";
        }
        if (b > a && b > others) {
            return "b";
        }
        return null;
    }
}
