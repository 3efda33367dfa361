package ru.saigabot.bot.extract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keyword rules of one schema and, recursively, of every schema inside it. llama.cpp's converter (b4916) reads
 * keyword values with unchecked casts, and a value of the wrong JSON type throws a C++ exception that aborts the JVM
 * (measured with java-llama.cpp 4.2.0: {@code "minItems": "x"}, {@code "format": 5}, an unknown type, a schema it
 * cannot place such as {@code {"minimum": 5}}); so every value is checked here first.
 */
final class SchemaKeywords {
    static final List<String> TYPES = List.of("object", "array", "string", "number", "integer", "boolean", "null");
    /** The most properties over the whole schema, definitions included. */
    static final int MAX_PROPERTIES = 100;
    /**
     * The most repetitions over the whole schema: maxLength, maxItems and the counts in patterns added up. llama.cpp
     * expands {@code x{0,n}} into n grammar rules, and builds the grammar anew for every request on the thread that
     * serves all slots: measured on 2 cores, 20,000 take 40 to 170 ms, 500,000 (100 strings of 5000) take 2.5 s.
     */
    static final long MAX_REPETITIONS = 20_000;
    /** Annotations llama.cpp ignores, allowed so that ordinary schemas pass. */
    private static final Set<String> IGNORED = Set.of("description", "title", "default", "examples", "$schema", "$id");
    private static final Set<String> STRUCTURE = Set.of("type", "properties", "required", "additionalProperties",
            "items", "prefixItems", "anyOf", "oneOf", "allOf", "$ref");
    /** What llama.cpp needs to place a schema; without one of these it throws "Unrecognized schema". */
    private static final List<String> SHAPES = List.of("type", "enum", "const", "$ref", "anyOf", "oneOf", "allOf",
            "properties", "items", "prefixItems");

    private final SchemaRefs refs;
    private int properties;
    private long repetitions;

    SchemaKeywords(SchemaRefs refs) {
        this.refs = refs;
    }

    /** Properties seen so far, over every schema checked. */
    int properties() {
        return properties;
    }

    /** Repetitions llama.cpp will expand, so far, over every schema checked. */
    long repetitions() {
        return repetitions;
    }

    void check(JsonNode schema, String path) throws SchemaRefused {
        if (!schema.isObject()) {
            throw new SchemaRefused(path, "must be a schema object, not " + ValueKeywords.kind(schema));
        }
        for (String keyword : (Iterable<String>) schema::fieldNames) {
            boolean definitions = keyword.equals("$defs") || keyword.equals("definitions");
            if (definitions && !path.equals(SchemaTree.ROOT)) {
                throw new SchemaRefused(path, "keyword '" + keyword + "' is supported only at the root");
            }
            if (!definitions && !STRUCTURE.contains(keyword) && !IGNORED.contains(keyword)
                    && !ValueKeywords.KEYWORDS.contains(keyword)) {
                throw new SchemaRefused(path, "keyword '" + keyword + "' is not supported");
            }
        }
        if (SHAPES.stream().noneMatch(schema::has)) {
            throw new SchemaRefused(path, "llama.cpp cannot tell what this schema is: give it a 'type' (or enum, "
                    + "const, $ref, anyOf, oneOf, allOf)");
        }
        Set<String> types = types(schema, path);
        checkObject(schema, path);
        checkArray(schema, path);
        checkCompositions(schema, path);
        if (schema.has("$ref")) {
            JsonNode ref = schema.get("$ref");
            if (!ref.isTextual()) {
                throw new SchemaRefused(path, "$ref must be a string");
            }
            refs.resolve(ref.asText(), path);
        }
        repetitions += ValueKeywords.check(schema, path, types);
        for (SchemaTree.Child child : SchemaTree.children(schema, path)) {
            check(child.schema(), child.path());
        }
    }

    private static Set<String> types(JsonNode schema, String path) throws SchemaRefused {
        JsonNode type = schema.get("type");
        Set<String> types = new HashSet<>();
        if (type == null) {
            return types;
        }
        for (JsonNode one : type.isArray() ? type : List.of(type)) {
            if (!one.isTextual() || !TYPES.contains(one.asText())) {
                throw new SchemaRefused(SchemaTree.key(path, "type"), ValueKeywords.shown(one) + " is not one of "
                        + String.join(", ", TYPES));
            }
            if (!types.add(one.asText())) {
                throw new SchemaRefused(SchemaTree.key(path, "type"), "names '" + one.asText() + "' twice");
            }
        }
        if (types.isEmpty()) {
            throw new SchemaRefused(SchemaTree.key(path, "type"), "must name at least one type");
        }
        return types;
    }

    private void checkObject(JsonNode schema, String path) throws SchemaRefused {
        JsonNode declared = schema.get("properties");
        if (declared != null && !declared.isObject()) {
            throw new SchemaRefused(SchemaTree.key(path, "properties"), "must be an object of named schemas");
        }
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, JsonNode> property : declared == null ? Set.<Map.Entry<String, JsonNode>>of()
                : declared.properties()) {
            String name = property.getKey();
            String at = SchemaTree.key(SchemaTree.key(path, "properties"), name);
            // llama.cpp resolves every "$ref" key in the document and keeps its rule for other properties under "*".
            if (name.isEmpty() || name.equals("$ref") || name.equals("*") || !ValueKeywords.isPlain(name)) {
                throw new SchemaRefused(at, "a property's name must be non-empty text without quotes, backslashes "
                        + "or control characters, and not '$ref' or '*' (llama.cpp writes names into the grammar as "
                        + "is)");
            }
            if (isOpen(schema) && !name.chars().allMatch(c -> c >= ' ' && c < 0x7F && c != ']' && c != '^')) {
                throw new SchemaRefused(at, "an object that allows other properties must name its own in ASCII "
                        + "without ']' or '^' (llama.cpp writes them byte by byte into a character class to keep "
                        + "other names apart); or set \"additionalProperties\": false");
            }
            names.add(name);
            properties++;
        }
        JsonNode required = schema.get("required");
        if (required != null) {
            String at = SchemaTree.key(path, "required");
            if (!required.isArray()) {
                throw new SchemaRefused(at, "must be an array of property names");
            }
            Set<String> seen = new HashSet<>();
            for (JsonNode name : required) {
                if (!name.isTextual() || !names.contains(name.asText())) {
                    throw new SchemaRefused(at, ValueKeywords.shown(name) + " is not a declared property");
                }
                if (!seen.add(name.asText())) {
                    throw new SchemaRefused(at, "names '" + name.asText() + "' twice");
                }
            }
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && !additional.isBoolean() && !additional.isObject()) {
            throw new SchemaRefused(SchemaTree.key(path, "additionalProperties"), "must be true, false or a schema");
        }
    }

    /** Whether other properties are allowed: llama.cpp allows them unless additionalProperties is false. */
    private static boolean isOpen(JsonNode schema) {
        JsonNode additional = schema.get("additionalProperties");
        return additional == null || !additional.isBoolean() || additional.asBoolean();
    }

    private static void checkArray(JsonNode schema, String path) throws SchemaRefused {
        JsonNode items = schema.get("items");
        if (items != null && !items.isObject()) {
            throw new SchemaRefused(SchemaTree.key(path, "items"), "must be one schema (prefixItems for a tuple)");
        }
        if (items != null && schema.has("prefixItems")) {
            throw new SchemaRefused(path, "use either 'items' or 'prefixItems': llama.cpp reads only one of them");
        }
    }

    private void checkCompositions(JsonNode schema, String path) throws SchemaRefused {
        for (String keyword : SchemaTree.MANY) {
            JsonNode parts = schema.get(keyword);
            if (parts != null && (!parts.isArray() || parts.isEmpty())) {
                throw new SchemaRefused(SchemaTree.key(path, keyword), "must be a non-empty array of schemas");
            }
        }
        JsonNode allOf = schema.get("allOf");
        if (allOf == null) {
            return;
        }
        if (schema.has("properties")) {
            throw new SchemaRefused(path, "use either 'properties' or 'allOf': llama.cpp ignores allOf next to "
                    + "properties");
        }
        for (int i = 0; i < allOf.size(); i++) {
            JsonNode part = allOf.get(i);
            String at = SchemaTree.index(SchemaTree.key(path, "allOf"), i);
            JsonNode target = part.path("$ref").isTextual() ? refs.resolve(part.get("$ref").asText(), at) : part;
            if (!target.has("properties")) {
                throw new SchemaRefused(at, "each part of allOf must have 'properties' or be a $ref to a definition "
                        + "that has them: llama.cpp merges only properties");
            }
        }
    }
}
