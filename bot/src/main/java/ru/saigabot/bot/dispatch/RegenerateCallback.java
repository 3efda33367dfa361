package ru.saigabot.bot.dispatch;

import java.util.Optional;

/** 🔄 under an answer (or under a failed one): answer the same prompt again. */
public record RegenerateCallback(long generationId) {
    private static final String PREFIX = "rg";

    public String pack() {
        return CallbackData.pack(PREFIX, Long.toString(generationId));
    }

    public static Optional<RegenerateCallback> unpack(String data) {
        return CallbackData.fields(data, PREFIX, 1).flatMap(f -> CallbackData.number(f[0])).map(RegenerateCallback::new);
    }
}
