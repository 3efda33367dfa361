package ru.saigabot.bot.generation;

/**
 * A job an inference worker holds until {@code attempt}'s lease ends: every claim bumps the attempt, and a write
 * naming an attempt that is no longer current changes nothing.
 */
public record QueueClaim(long generationId, int attempt, String requestJson) {}
