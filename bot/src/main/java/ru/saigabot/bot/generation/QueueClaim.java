package ru.saigabot.bot.generation;

/**
 * A job an inference worker holds until {@code attempt}'s lease ends: every claim bumps the attempt. A write (a part,
 * a renewal, the result) names this attempt and the worker's id, and changes nothing unless the job's row still
 * names both: a worker that lost the job, or another worker with the same attempt number, is refused.
 */
public record QueueClaim(long generationId, int attempt, String requestJson) {}
