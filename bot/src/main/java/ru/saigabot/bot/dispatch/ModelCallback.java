package ru.saigabot.bot.dispatch;

import java.util.Optional;

/** A button of /model: the base model ({@code adapter} null) or the base with a LoRA adapter. */
public record ModelCallback(String adapter) {
    private static final String PREFIX = "md";
    private static final String BASE = "-";

    public String pack() {
        return CallbackData.pack(PREFIX, adapter == null ? BASE : adapter);
    }

    public static Optional<ModelCallback> unpack(String data) {
        return CallbackData.fields(data, PREFIX, 1).filter(f -> f[0].equals(BASE) || f[0].matches("[a-z0-9][a-z0-9._-]{0,31}"))
                .map(f -> new ModelCallback(f[0].equals(BASE) ? null : f[0]));
    }
}
