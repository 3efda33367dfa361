package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Chronological log of every authorized API request, from the first one on unless a long-running reader
 * (the message-path benchmark) releases those it has read.
 */
final class CallLog {

    private final Monitor monitor = new Monitor();
    private final List<ApiCall> calls = new ArrayList<>();
    /** The seq of {@code calls.get(0)}. */
    private int released;

    ApiCall record(String method, JsonNode params) {
        return monitor.write(() -> {
            ApiCall call = new ApiCall(released + calls.size(), method, params, Instant.now());
            calls.add(call);
            return call;
        });
    }

    /** The seq the next call will get. */
    int nextSeq() {
        return monitor.read(() -> released + calls.size());
    }

    /** Drops the calls before number {@code seq}: a reader that has seen them keeps the heap from growing. */
    void releaseBefore(int seq) {
        monitor.write(() -> {
            int drop = Math.min(Math.max(seq - released, 0), calls.size());
            calls.subList(0, drop).clear();
            released += drop;
            return null;
        });
    }

    List<ApiCall> all() {
        return monitor.read(() -> List.copyOf(calls));
    }

    /** Calls from number {@code seq} on: a reader that keeps its place copies only what is new. */
    List<ApiCall> since(int seq) {
        return monitor.read(() -> List.copyOf(
                calls.subList(Math.min(Math.max(seq - released, 0), calls.size()), calls.size())));
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
