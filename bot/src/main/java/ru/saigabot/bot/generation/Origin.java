package ru.saigabot.bot.generation;

/**
 * Why an answer is written, and the answer it takes the place of.
 *
 * @param replacesMessageId the earlier answer a regenerated or re-answered one supersedes; null for none
 */
public record Origin(GenerationReason reason, Long replacesMessageId) {
    public static final Origin MESSAGE = new Origin(GenerationReason.MESSAGE, null);
}
