package ru.saigabot.bot.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * The longest answer, in bytes, that llama.cpp's grammar for a bounded schema lets a model write, following the rules
 * of b4916's json-schema-to-grammar. Every token the grammar admits writes at least one byte, so a generation allowed
 * this many tokens and one more (the end of text) can only end by itself.
 */
final class GrammarBound {
    /** llama.cpp's {@code space}: {@code | " " | "\n"{1,2} [ \t]{0,20}}. */
    private static final long SPACE = 22;
    /** A string's character at its longest: {@code \}{@code uXXXX}. */
    private static final long CHAR = 6;
    /** {@code "-"? [1-9] [0-9]{0,15}}: integers, bounded or not. */
    private static final long INTEGER = 17;
    /** {@code "-"? integral-part ("." decimal-part)? ([eE] [-+]? integral-part)?} at their longest. */
    private static final long NUMBER = 17 + 17 + 18;

    private final JsonNode root;

    private GrammarBound(JsonNode root) {
        this.root = root;
    }

    /** @throws IllegalArgumentException where the schema lets an answer grow without end */
    static long bytes(JsonNode schema) {
        return new GrammarBound(schema).of(schema, "(root)");
    }

    private long of(JsonNode schema, String path) {
        if (schema.has("$ref")) {
            return of(root.at(schema.get("$ref").asText().substring(1)), schema.get("$ref").asText());
        }
        JsonNode alternatives = schema.has("anyOf") ? schema.get("anyOf") : schema.get("oneOf");
        if (alternatives != null) {
            long longest = 0;
            for (int i = 0; i < alternatives.size(); i++) {
                longest = Math.max(longest, of(alternatives.get(i), path + "[" + i + "]"));
            }
            return longest;
        }
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            long longest = 0;
            for (JsonNode one : type) {
                longest = Math.max(longest, of(((ObjectNode) schema.deepCopy()).set("type", one), path));
            }
            return longest;
        }
        if (schema.has("const")) {
            return utf8(schema.get("const").toString()) + SPACE;
        }
        if (schema.has("enum")) {
            long longest = 0;
            for (JsonNode value : schema.get("enum")) {
                longest = Math.max(longest, utf8(value.toString()));
            }
            return longest + SPACE;
        }
        switch (type.asText()) {
            case "object":
                return object(schema, path);
            case "array":
                return array(schema, path);
            case "string":
                return 2 + string(schema, path) + SPACE;
            case "integer":
                return INTEGER + SPACE;
            case "number":
                return NUMBER + SPACE;
            case "boolean":
                return 5 + SPACE;
            case "null":
                return 4 + SPACE;
            default:
                throw new IllegalArgumentException(path + ": no bound for " + schema);
        }
    }

    /** {@code "{" space kv ("," space kv)* "}" space}, kv being {@code "\"name\"" space ":" space value}. */
    private long object(JsonNode schema, String path) {
        if (!schema.path("additionalProperties").isBoolean() || schema.get("additionalProperties").asBoolean()) {
            throw new IllegalArgumentException(path + ": other properties are allowed, without end");
        }
        long bytes = 1 + SPACE + 1 + SPACE;
        int count = 0;
        for (var property : schema.path("properties").properties()) {
            bytes += utf8("\"" + property.getKey() + "\"") + SPACE + 1 + SPACE
                    + of(property.getValue(), path + ".properties." + property.getKey());
            count++;
        }
        return bytes + Math.max(0, count - 1) * (1 + SPACE);
    }

    /** {@code "[" space item ("," space item){0,max-1} "]" space}, or the tuple of prefixItems. */
    private long array(JsonNode schema, String path) {
        long bytes = 1 + SPACE + 1 + SPACE;
        if (schema.has("prefixItems")) {
            JsonNode items = schema.get("prefixItems");
            for (int i = 0; i < items.size(); i++) {
                bytes += of(items.get(i), path + ".prefixItems[" + i + "]");
            }
            return bytes + Math.max(0, items.size() - 1) * (1 + SPACE);
        }
        if (!schema.has("maxItems")) {
            throw new IllegalArgumentException(path + ": an array without maxItems");
        }
        long max = schema.get("maxItems").asLong();
        return bytes + max * of(schema.get("items"), path + ".items") + Math.max(0, max - 1) * (1 + SPACE);
    }

    private static long string(JsonNode schema, String path) {
        if (schema.has("pattern")) {
            String pattern = schema.get("pattern").asText();
            return new PatternBound(pattern.substring(1, pattern.length() - 1), path).alternation();
        }
        switch (schema.path("format").asText()) {
            case "date":
                return 10;
            case "time":
                return 8 + 4 + 6; // HH:MM:SS, .sss, +HH:MM
            case "date-time":
                return 10 + 1 + 18;
            case "uuid":
                return 36;
            default:
                if (!schema.has("maxLength")) {
                    throw new IllegalArgumentException(path + ": a string without maxLength");
                }
                return CHAR * schema.get("maxLength").asLong();
        }
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest match of a pattern of the subset {@link PatternCheck} passes. */
    private static final class PatternBound {
        private final String pattern;
        private final String path;
        private int at;

        PatternBound(String pattern, String path) {
            this.pattern = pattern;
            this.path = path;
        }

        long alternation() {
            long longest = sequence();
            while (at < pattern.length() && pattern.charAt(at) == '|') {
                at++;
                longest = Math.max(longest, sequence());
            }
            return longest;
        }

        private long sequence() {
            long bytes = 0;
            while (at < pattern.length() && pattern.charAt(at) != '|' && pattern.charAt(at) != ')') {
                long atom = atom();
                bytes += atom * repeat();
            }
            return bytes;
        }

        private long atom() {
            char c = pattern.charAt(at++);
            if (c == '(') {
                long inner = alternation();
                at++; // ')'
                return inner;
            }
            if (c == '[') {
                long widest = 1;
                while (pattern.charAt(at) != ']') {
                    widest = Math.max(widest, utf8(String.valueOf(pattern.charAt(at))));
                    at += pattern.charAt(at) == '\\' ? 2 : 1;
                }
                at++;
                return widest;
            }
            if (c == '\\') {
                at++;
                return 1;
            }
            return utf8(String.valueOf(c));
        }

        private long repeat() {
            if (at == pattern.length()) {
                return 1;
            }
            char c = pattern.charAt(at);
            if (c == '?') {
                at++;
                return 1;
            }
            if (c == '*' || c == '+') {
                throw new IllegalArgumentException(path + ": the pattern repeats without end");
            }
            if (c != '{') {
                return 1;
            }
            int end = pattern.indexOf('}', at);
            String[] counts = pattern.substring(at + 1, end).split(",", -1);
            at = end + 1;
            String max = counts[counts.length - 1];
            if (max.isEmpty()) {
                throw new IllegalArgumentException(path + ": the pattern repeats without end");
            }
            return Long.parseLong(max);
        }
    }
}
