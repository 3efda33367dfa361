package ru.saigabot.bot.store;

/** One stored turn; role is "user" or "assistant". */
public record StoredMessage(long id, long conversationId, long chatId, String role, String content, Long tgMessageId) {}
