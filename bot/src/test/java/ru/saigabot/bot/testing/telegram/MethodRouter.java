package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Bot API method names to handlers. Telegram matches method names case-insensitively. */
final class MethodRouter {

    /** Executes one method; returns the {@code result} or throws {@link ApiError}. */
    @FunctionalInterface
    interface MethodHandler {
        JsonNode handle(RequestParams params) throws InterruptedException;
    }

    private record Route(String name, MethodHandler handler) {
    }

    private final Map<String, Route> routes = new HashMap<>();

    /** Only during construction, before the server starts. */
    MethodRouter register(String name, MethodHandler handler) {
        routes.put(key(name), new Route(name, handler));
        return this;
    }

    /** {@code getupdates} becomes {@code getUpdates}; unknown names are returned as sent. */
    String canonicalName(String requested) {
        Route route = routes.get(key(requested));
        return route == null ? requested : route.name();
    }

    JsonNode invoke(String method, RequestParams params) throws InterruptedException {
        Route route = routes.get(key(method));
        if (route == null) {
            throw new ApiError(404, "Not Found: method not found", null);
        }
        return route.handler().handle(params);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
