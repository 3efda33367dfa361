package ru.saigabot.bot.store;

/** A Telegram user as the bot last saw them. */
public record TelegramUser(long id, String firstName, String username, String languageCode) {}
