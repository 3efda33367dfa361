package ru.saigabot.bot.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Packing rules shared by the callback records: a prefix, ':'-separated fields, Telegram's 64-byte limit. */
final class CallbackData {
    private CallbackData() {}

    static String pack(String... fields) {
        String data = String.join(":", fields);
        if (data.getBytes(StandardCharsets.UTF_8).length > FeedbackCallback.MAX_BYTES) {
            throw new IllegalStateException("callback data over 64 bytes: " + data);
        }
        return data;
    }

    /** The fields after {@code prefix}, when {@code data} has exactly {@code count} of them. */
    static Optional<String[]> fields(String data, String prefix, int count) {
        if (data == null || !data.startsWith(prefix + ":")) {
            return Optional.empty();
        }
        String[] parts = data.substring(prefix.length() + 1).split(":", -1);
        return parts.length == count ? Optional.of(parts) : Optional.empty();
    }

    static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
