package ru.saigabot.bot.generation;

/**
 * Who asked for an answer: their queue share and limits, and the language they are answered in.
 *
 * @param userId       null once the user was deleted while the request waited
 * @param languageCode their Telegram language, null when unknown (Russian)
 */
public record Requester(Long userId, String languageCode) {}
