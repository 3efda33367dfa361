package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Chronological log of every authorized API request. */
final class CallLog {

    private final Monitor monitor = new Monitor();
    private final List<ApiCall> calls = new ArrayList<>();

    ApiCall record(String method, JsonNode params) {
        return monitor.write(() -> {
            ApiCall call = new ApiCall(calls.size(), method, params, Instant.now());
            calls.add(call);
            return call;
        });
    }

    List<ApiCall> all() {
        return monitor.read(() -> List.copyOf(calls));
    }

    /** Method names are case-insensitive in the Bot API, so they are here too. */
    List<ApiCall> of(String method) {
        return monitor.read(() -> calls.stream().filter(c -> c.method().equalsIgnoreCase(method)).toList());
    }

    Optional<ApiCall> await(String method, Predicate<ApiCall> filter, Duration timeout) {
        return monitor.awaitUninterruptibly(() -> calls.stream()
                .filter(c -> c.method().equalsIgnoreCase(method) && filter.test(c))
                .findFirst(), timeout);
    }
}
