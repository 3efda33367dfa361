package ru.saigabot.bot.generation;

/**
 * How far a request got.
 *
 * @param placeholderTgMessageId the message an earlier attempt showed the answer in (resumed there after a
 *                               restart); null when there is none (a draft, or not started)
 * @param attempts               how many times it was started
 */
public record JobState(GenerationStatus status, Long placeholderTgMessageId, int attempts) {
    public static final JobState QUEUED = new JobState(GenerationStatus.QUEUED, null, 0);
}
