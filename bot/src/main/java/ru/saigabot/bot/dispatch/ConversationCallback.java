package ru.saigabot.bot.dispatch;

import java.util.Optional;

/** A conversation's button in /chats: switch back to it. */
public record ConversationCallback(long conversationId) {
    private static final String PREFIX = "cv";

    public String pack() {
        return CallbackData.pack(PREFIX, Long.toString(conversationId));
    }

    public static Optional<ConversationCallback> unpack(String data) {
        return CallbackData.fields(data, PREFIX, 1).flatMap(f -> CallbackData.number(f[0])).map(ConversationCallback::new);
    }
}
