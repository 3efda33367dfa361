package ru.saigabot.bot.answer;

/**
 * How a finished answer was shown.
 *
 * @param empty     the model wrote nothing the destination could show; the user was told so instead
 * @param messageId the Telegram message that shows the answer (its last, for one in several messages); null where
 *                  the destination has no such id
 */
public record Delivered(boolean empty, Long messageId) {}
