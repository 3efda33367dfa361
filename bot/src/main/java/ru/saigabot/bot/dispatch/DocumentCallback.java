package ru.saigabot.bot.dispatch;

import java.util.Locale;
import java.util.Optional;

/** A document's button in /docs: switch it on, off, or delete it. */
public record DocumentCallback(Action action, long documentId) {
    private static final String PREFIX = "dc";

    public enum Action { ON, OFF, DELETE }

    public String pack() {
        return CallbackData.pack(PREFIX, action.name().toLowerCase(Locale.ROOT), Long.toString(documentId));
    }

    public static Optional<DocumentCallback> unpack(String data) {
        return CallbackData.fields(data, PREFIX, 2).flatMap(f -> action(f[0])
                .flatMap(action -> CallbackData.number(f[1]).map(id -> new DocumentCallback(action, id))));
    }

    private static Optional<Action> action(String name) {
        for (Action action : Action.values()) {
            if (action.name().equalsIgnoreCase(name)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
