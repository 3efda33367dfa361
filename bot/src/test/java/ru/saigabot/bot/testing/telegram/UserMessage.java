package ru.saigabot.bot.testing.telegram;

/**
 * A message a test user sent (or edited), as delivered to the bot.
 *
 * @param updateId the update that carries it; see {@link BotApiEmulator#isConfirmed(int)}
 */
public record UserMessage(long chatId, int messageId, TestUser from, String text, int updateId) {
}
