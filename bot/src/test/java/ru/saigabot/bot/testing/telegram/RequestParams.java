package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The parameters of one Bot API request. Telegram takes them from the query string, from an
 * application/x-www-form-urlencoded body or from an application/json body, and coerces types
 * leniently: TelegramBots sends chat_id as a JSON string, curl users send everything as strings, and
 * structured values (reply_markup, allowed_updates, ...) arrive as JSON text in forms. The getters here
 * accept all of these.
 */
final class RequestParams {

    private final ObjectNode values;

    private RequestParams(ObjectNode values) {
        this.values = values;
    }

    static RequestParams parse(String rawQuery, String contentType, byte[] body, ObjectMapper json) {
        ObjectNode values = json.createObjectNode();
        addForm(rawQuery, values, json);
        String type = contentType == null ? "" : contentType.toLowerCase();
        String text = new String(body, StandardCharsets.UTF_8);
        if (type.contains("application/json") && !text.isBlank()) {
            JsonNode parsed = readJson(text, json).filter(JsonNode::isObject)
                    .orElseThrow(() -> ApiError.badRequest("can't parse JSON object"));
            values.setAll((ObjectNode) parsed);
        } else if (type.contains("application/x-www-form-urlencoded")) {
            addForm(text, values, json);
        }
        return new RequestParams(values);
    }

    /** All parameters as one JSON object (a copy). */
    ObjectNode asJson() {
        return values.deepCopy();
    }

    boolean has(String name) {
        JsonNode value = values.get(name);
        return value != null && !value.isNull();
    }

    Optional<String> string(String name) {
        return has(name) ? Optional.of(values.get(name).asText()) : Optional.empty();
    }

    Optional<Long> longValue(String name) {
        return string(name).map(text -> parseNumber(name, text));
    }

    Optional<Integer> intValue(String name) {
        return longValue(name).map(v -> {
            if (v != v.intValue()) {
                throw ApiError.badRequest("invalid " + name + " specified");
            }
            return v.intValue();
        });
    }

    boolean flag(String name) {
        return string(name).map(v -> v.equals("true") || v.equals("1")).orElse(false);
    }

    /** An object or array parameter, whether it came as JSON or as JSON text in a form field. */
    Optional<JsonNode> structured(String name, String errorIfUnparseable) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = values.get(name);
        if (value.isContainerNode()) {
            return Optional.of(value);
        }
        throw ApiError.badRequest(errorIfUnparseable);
    }

    private static long parseNumber(String name, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid " + name + " specified");
        }
    }

    private static void addForm(String encoded, ObjectNode values, ObjectMapper json) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            // Form fields carry objects as JSON text; parse them so logs and getters see structure.
            boolean looksStructured = value.startsWith("{") || value.startsWith("[");
            Optional<JsonNode> parsed = looksStructured ? readJson(value, json) : Optional.empty();
            if (parsed.isPresent()) {
                values.set(name, parsed.get());
            } else {
                values.put(name, value);
            }
        }
    }

    private static Optional<JsonNode> readJson(String text, ObjectMapper json) {
        try {
            return Optional.of(json.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
