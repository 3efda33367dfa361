package ru.saigabot.bot.extract;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for keywords that hold values rather than schemas: lengths, counts, numeric bounds, formats, patterns,
 * enums, constants and annotations. Each limit is there because llama.cpp (b4916) would crash, write a broken
 * grammar, or expand a huge one from it.
 */
final class ValueKeywords {
    static final Set<String> KEYWORDS = Set.of("minItems", "maxItems", "minLength", "maxLength", "minimum",
            "maximum", "exclusiveMinimum", "exclusiveMaximum", "format", "pattern", "enum", "const");
    static final Set<String> FORMATS = Set.of("date", "time", "date-time", "uuid");
    /**
     * The longest string a schema may ask for. llama.cpp expands {@code char{0,n}} into n nested grammar rules for
     * every such string, so this also bounds the grammar.
     */
    static final int MAX_LENGTH = 5000;
    /** The most items an array may ask for; each is expanded like a string's characters. */
    static final int MAX_ITEMS = 100;
    /**
     * llama.cpp reads integer bounds into a C int and adds or subtracts 1 for exclusive ones: past this an exclusive
     * bound overflows (it threw "At least one of min_value or max_value must be set" for 2147483647).
     */
    static final long MAX_INTEGER_BOUND = 2_000_000_000L;

    private ValueKeywords() {}

    /**
     * Checks the value keywords of one schema.
     *
     * @return the repetitions llama.cpp will expand for them: the string's and the array's longest length, and the
     *         counts in the pattern
     */
    static long check(JsonNode schema, String path, Set<String> types) throws SchemaRefused {
        count(schema, path, "minLength", "maxLength", MAX_LENGTH);
        count(schema, path, "minItems", "maxItems", MAX_ITEMS);
        bounds(schema, path, types.contains("integer"));
        JsonNode format = schema.get("format");
        if (format != null && (!format.isTextual() || !FORMATS.contains(format.asText()))) {
            throw new SchemaRefused(SchemaTree.key(path, "format"), "format " + shown(format) + " is not supported: "
                    + "llama.cpp knows date, time, date-time and uuid");
        }
        JsonNode pattern = schema.get("pattern");
        if (pattern != null) {
            if (!pattern.isTextual()) {
                throw new SchemaRefused(SchemaTree.key(path, "pattern"), "must be a string");
            }
            Optional<String> problem = PatternCheck.problem(pattern.asText());
            if (problem.isPresent()) {
                throw new SchemaRefused(SchemaTree.key(path, "pattern"), "the pattern " + problem.get());
            }
        }
        JsonNode values = schema.get("enum");
        if (values != null && (!values.isArray() || values.isEmpty())) {
            throw new SchemaRefused(SchemaTree.key(path, "enum"), "must be a non-empty array of values");
        }
        if (values != null) {
            literal(values, SchemaTree.key(path, "enum"));
        }
        if (schema.has("const")) {
            literal(schema.get("const"), SchemaTree.key(path, "const"));
        }
        for (String annotation : List.of("description", "title", "$schema", "$id")) {
            if (schema.has(annotation) && !schema.get(annotation).isTextual()) {
                throw new SchemaRefused(SchemaTree.key(path, annotation), "must be a string");
            }
        }
        for (String annotation : List.of("default", "examples")) {
            if (schema.has(annotation)) {
                noReferences(schema.get(annotation), SchemaTree.key(path, annotation));
            }
        }
        return longest(schema, "minLength", "maxLength") + longest(schema, "minItems", "maxItems")
                + (pattern == null ? 0 : PatternCheck.repetitions(pattern.asText()));
    }

    /** {@code x{n,m}} becomes m rules, {@code x{n,}} n and one more. */
    private static long longest(JsonNode schema, String minKey, String maxKey) {
        return schema.has(maxKey) ? schema.get(maxKey).asLong() : schema.path(minKey).asLong();
    }

    private static void count(JsonNode schema, String path, String minKey, String maxKey, int limit)
            throws SchemaRefused {
        long min = 0;
        for (String key : List.of(minKey, maxKey)) {
            JsonNode value = schema.get(key);
            if (value == null) {
                continue;
            }
            String at = SchemaTree.key(path, key);
            long least = key.equals(maxKey) ? Math.max(1, min) : 0;
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < least
                    || value.asLong() > limit) {
                throw new SchemaRefused(at, "must be a whole number from " + least + " to " + limit
                        + (key.equals(maxKey) && min > 0 ? " (not below " + minKey + ")" : ""));
            }
            min = value.asLong();
        }
    }

    private static void bounds(JsonNode schema, String path, boolean integer) throws SchemaRefused {
        for (String key : List.of("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum")) {
            JsonNode value = schema.get(key);
            if (value != null && !value.isNumber()) {
                throw new SchemaRefused(SchemaTree.key(path, key), "must be a number");
            }
            if (value != null && integer && (value.decimalValue().stripTrailingZeros().scale() > 0
                    || value.decimalValue().abs().compareTo(BigDecimal.valueOf(MAX_INTEGER_BOUND)) > 0)) {
                throw new SchemaRefused(SchemaTree.key(path, key), "must be a whole number from "
                        + -MAX_INTEGER_BOUND + " to " + MAX_INTEGER_BOUND + " for an integer (llama.cpp reads it "
                        + "as a C int)");
            }
        }
        for (List<String> pair : List.of(List.of("minimum", "exclusiveMinimum"),
                List.of("maximum", "exclusiveMaximum"))) {
            if (schema.has(pair.get(0)) && schema.has(pair.get(1))) {
                throw new SchemaRefused(path, "use either '" + pair.get(0) + "' or '" + pair.get(1)
                        + "': llama.cpp reads only '" + pair.get(0) + "'");
            }
        }
        Bound low = Bound.of(schema, "minimum", "exclusiveMinimum", integer ? BigDecimal.ONE : null);
        Bound high = Bound.of(schema, "maximum", "exclusiveMaximum", integer ? BigDecimal.ONE.negate() : null);
        if (low != null && high != null) {
            int order = low.value().compareTo(high.value());
            if (order > 0 || order == 0 && (low.exclusive() || high.exclusive())) {
                throw new SchemaRefused(path, "no " + (integer ? "integer" : "number") + " fits between the lower "
                        + "and the upper bound");
            }
        }
    }

    /** One side's bound; an integer's exclusive bound is made inclusive by {@code step}, as llama.cpp does. */
    private record Bound(BigDecimal value, boolean exclusive) {
        static Bound of(JsonNode schema, String inclusive, String exclusive, BigDecimal step) {
            if (schema.has(inclusive)) {
                return new Bound(schema.get(inclusive).decimalValue(), false);
            }
            if (!schema.has(exclusive)) {
                return null;
            }
            BigDecimal value = schema.get(exclusive).decimalValue();
            return step == null ? new Bound(value, true) : new Bound(value.add(step), false);
        }
    }

    /** An enum's or a const's value: llama.cpp writes it into the grammar escaping only quotes, badly. */
    private static void literal(JsonNode value, String path) throws SchemaRefused {
        if (value.isTextual() && !isPlain(value.asText())) {
            throw new SchemaRefused(path, "a quote, a backslash or a control character in a string breaks the "
                    + "grammar llama.cpp writes for it");
        }
        if (value.isObject() && value.has("$ref")) {
            noReferences(value, path);
        }
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            if (!isPlain(field.getKey())) {
                throw new SchemaRefused(path, "a quote, a backslash or a control character in a key breaks the "
                        + "grammar llama.cpp writes for it");
            }
            literal(field.getValue(), SchemaTree.key(path, field.getKey()));
        }
        for (int i = 0; value.isArray() && i < value.size(); i++) {
            literal(value.get(i), SchemaTree.index(path, i));
        }
    }

    /** llama.cpp resolves every "$ref" key in the document, values included, and aborts on one it cannot. */
    private static void noReferences(JsonNode value, String path) throws SchemaRefused {
        if (value.has("$ref") && value.isObject()) {
            throw new SchemaRefused(path, "a '$ref' key inside a value is not allowed: llama.cpp would resolve it");
        }
        for (JsonNode inner : value) {
            noReferences(inner, path);
        }
    }

    /** True when {@code text} has no quote, backslash or control character. */
    static boolean isPlain(String text) {
        return text.chars().noneMatch(c -> c == '"' || c == '\\' || c < ' ' || c == 0x7F);
    }

    static String kind(JsonNode node) {
        return node.isBoolean() ? "a boolean" : node.isArray() ? "an array" : node.isTextual() ? "a string"
                : node.isNumber() ? "a number" : node.isNull() ? "null" : "an object";
    }

    static String shown(JsonNode node) {
        return node.isTextual() ? "'" + node.asText() + "'" : node.toString();
    }
}
