package ru.saigabot.bot.testing.telegram;

import java.time.Instant;

/** A sendChatAction call ({@code typing}, ...). */
public record ChatAction(long chatId, String action, Integer messageThreadId, Instant at) {
}
