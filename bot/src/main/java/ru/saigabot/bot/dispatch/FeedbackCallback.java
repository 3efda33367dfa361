package ru.saigabot.bot.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import ru.saigabot.bot.store.Vote;

/** The data behind a 👍/👎 button: which generation's answer, and the vote. */
public record FeedbackCallback(long generationId, Vote vote) {
    private static final String PREFIX = "fb";
    /** Telegram refuses callback_data over 64 bytes. */
    static final int MAX_BYTES = 64;

    public String pack() {
        String data = PREFIX + ":" + generationId + ":" + (vote == Vote.UP ? "u" : "d");
        if (data.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalStateException("callback data over 64 bytes: " + data);
        }
        return data;
    }

    public static Optional<FeedbackCallback> unpack(String data) {
        if (data == null) {
            return Optional.empty();
        }
        String[] parts = data.split(":", -1);
        if (parts.length != 3 || !parts[0].equals(PREFIX) || !(parts[2].equals("u") || parts[2].equals("d"))) {
            return Optional.empty();
        }
        try {
            long id = Long.parseLong(parts[1]);
            return Optional.of(new FeedbackCallback(id, parts[2].equals("u") ? Vote.UP : Vote.DOWN));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
