package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One Bot API request the emulator received (with a valid token), logged before faults are applied
 * and before it is executed.
 *
 * @param seq    position in the log, starting at 0
 * @param method canonical spelling ({@code getUpdates}) even if the client sent {@code getupdates}
 * @param params query, form and JSON body parameters merged into one object; form values that look
 *               like JSON (reply_markup, allowed_updates, ...) are parsed, other form values stay strings
 */
public record ApiCall(int seq, String method, JsonNode params, Instant receivedAt) {

    public ApiCall {
        params = params.deepCopy();
    }

    /** A copy, so one test's changes cannot leak into another reader's view. */
    @Override
    public JsonNode params() {
        return params.deepCopy();
    }

    /** Convenience: a parameter as text ({@code null} when absent). */
    public String param(String name) {
        JsonNode value = params.get(name); // the field, not the copying accessor
        return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
    }
}
