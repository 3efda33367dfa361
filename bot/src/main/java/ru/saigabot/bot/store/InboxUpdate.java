package ru.saigabot.bot.store;

/** A stored Telegram update waiting to be handled; payload is the update's JSON as Telegram sent it. */
public record InboxUpdate(long updateId, String kind, Long chatId, String payload, int attempts) {}
