package ru.saigabot.bot.dispatch;

import java.util.Optional;
import ru.saigabot.bot.arena.Shown;

/** A button under an arena comparison: which shown task (its vote row) and what was pressed, as seen. */
public record AnnotateCallback(long voteId, Shown shown) {
    private static final String PREFIX = "an";

    public String pack() {
        return CallbackData.pack(PREFIX, Long.toString(voteId), shown.code());
    }

    public static Optional<AnnotateCallback> unpack(String data) {
        return CallbackData.fields(data, PREFIX, 2).flatMap(f -> CallbackData.number(f[0])
                .flatMap(id -> Shown.ofCode(f[1]).map(shown -> new AnnotateCallback(id, shown))));
    }
}
