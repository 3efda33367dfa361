package ru.saigabot.bot.store;

/** A stored request for one answer (a row of {@code generation}). */
public record GenerationJob(long id, long chatId, long conversationId, long userMessageId, Long requestedBy,
                            String status, Long placeholderTgMessageId, int attempts, String languageCode) {}
