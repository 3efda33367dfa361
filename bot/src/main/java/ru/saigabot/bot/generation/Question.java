package ru.saigabot.bot.generation;

/**
 * The user message an answer answers.
 *
 * @param messageId   its row in {@code message}
 * @param tgMessageId its Telegram message id (in groups the answer replies to it); null where it has none
 */
public record Question(long conversationId, long messageId, Long tgMessageId) {}
