package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of one Bot API request. Telegram takes them from the query string, from an
 * application/x-www-form-urlencoded body, from an application/json body or from a multipart/form-data body (the
 * only one that carries files), and coerces types leniently: TelegramBots sends chat_id as a JSON string, curl
 * users send everything as strings, and structured values (reply_markup, allowed_updates, ...) arrive as JSON
 * text in forms. The getters here accept all of these.
 */
final class RequestParams {

    /** A file part of a multipart request. */
    record Upload(String fileName, String contentType, byte[] content) {}

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"[^\"]+\"|[^;\\s]+)");
    private static final Pattern PART_TYPE = Pattern.compile("(?i)content-type:([^\r\n]*)");

    private final ObjectNode values;
    private final Map<String, Upload> files;

    private RequestParams(ObjectNode values, Map<String, Upload> files) {
        this.values = values;
        this.files = Map.copyOf(files);
    }

    static RequestParams parse(String rawQuery, String contentType, byte[] body, ObjectMapper json) {
        ObjectNode values = json.createObjectNode();
        Map<String, Upload> files = new HashMap<>();
        addForm(rawQuery, values, json);
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String text = new String(body, StandardCharsets.UTF_8);
        if (type.contains("application/json") && !text.isBlank()) {
            JsonNode parsed = readJson(text, json).filter(JsonNode::isObject)
                    .orElseThrow(() -> ApiError.badRequest("can't parse JSON object"));
            values.setAll((ObjectNode) parsed);
        } else if (type.contains("application/x-www-form-urlencoded")) {
            addForm(text, values, json);
        } else if (type.contains("multipart/form-data")) {
            addMultipart(contentType, body, values, files, json);
        }
        return new RequestParams(values, files);
    }

    /** The file uploaded as {@code name}, if the request was multipart and had one. */
    Optional<Upload> file(String name) {
        return Optional.ofNullable(files.get(name));
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

    /**
     * RFC 7578: parts between {@code --boundary} lines, each with its headers, a blank line and its content. Read
     * as ISO-8859-1, one char per byte, so that a file's bytes are cut out unchanged; text fields are UTF-8.
     */
    private static void addMultipart(String contentType, byte[] body, ObjectNode values, Map<String, Upload> files,
                                     ObjectMapper json) {
        Matcher boundaryParameter = BOUNDARY.matcher(contentType);
        if (!boundaryParameter.find()) {
            throw ApiError.badRequest("multipart body without a boundary");
        }
        String delimiter = "--" + boundaryParameter.group(1).replace("\"", "");
        String raw = new String(body, StandardCharsets.ISO_8859_1);
        int at = raw.indexOf(delimiter);
        while (at >= 0) {
            int partStart = at + delimiter.length();
            if (raw.startsWith("--", partStart)) {
                return; // the closing delimiter
            }
            int headersEnd = raw.indexOf("\r\n\r\n", partStart);
            int next = raw.indexOf("\r\n" + delimiter, headersEnd < 0 ? partStart : headersEnd);
            if (headersEnd < 0 || next < 0) {
                throw ApiError.badRequest("malformed multipart body");
            }
            String headers = raw.substring(partStart, headersEnd);
            byte[] content = java.util.Arrays.copyOfRange(body, headersEnd + 4, next);
            String name = headerParameter(headers, "name");
            String fileName = headerParameter(headers, "filename");
            if (name == null) {
                throw ApiError.badRequest("a multipart part without a name");
            }
            if (fileName != null) {
                Matcher type = PART_TYPE.matcher(headers);
                files.put(name, new Upload(fileName, type.find() ? type.group(1).strip() : null, content));
            } else {
                String value = new String(content, StandardCharsets.UTF_8);
                boolean looksStructured = value.startsWith("{") || value.startsWith("[");
                Optional<JsonNode> parsed = looksStructured ? readJson(value, json) : Optional.empty();
                if (parsed.isPresent()) {
                    values.set(name, parsed.get());
                } else {
                    values.put(name, value);
                }
            }
            at = next + 2;
        }
    }

    private static String headerParameter(String headers, String parameter) {
        Matcher matcher = Pattern.compile("(?i)content-disposition:[^\r\n]*;\\s*" + parameter + "=\"([^\"]*)\"")
                .matcher(headers);
        return matcher.find() ? matcher.group(1) : null;
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
