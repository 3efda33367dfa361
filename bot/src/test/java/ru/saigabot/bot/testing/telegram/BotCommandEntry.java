package ru.saigabot.bot.testing.telegram;

/** One command of a setMyCommands list. */
public record BotCommandEntry(String command, String description) {
}
