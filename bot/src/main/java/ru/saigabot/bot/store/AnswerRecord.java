package ru.saigabot.bot.store;

/**
 * A finished answer to store.
 *
 * @param status complete, cut (stopped or out of tokens) or failed
 */
public record AnswerRecord(String content, String status, String model, String paramsJson, int promptTokens,
                           int completionTokens, long queueMs, long ttftMs, long durationMs, long tgMessageId) {}
