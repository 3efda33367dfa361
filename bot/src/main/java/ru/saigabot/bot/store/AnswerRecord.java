package ru.saigabot.bot.store;

/**
 * A finished answer to store.
 *
 * @param status             complete, cut (stopped or out of tokens) or failed
 * @param cachedPromptTokens prompt tokens taken from the slot's cache of the previous turn, not evaluated
 */
public record AnswerRecord(String content, String status, String model, String paramsJson, int promptTokens,
                           int cachedPromptTokens, int completionTokens, long queueMs, long ttftMs, long durationMs,
                           long tgMessageId) {}
