package ru.saigabot.bot.extract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a JSON schema may go to llama.cpp's json-schema-to-grammar ({@code LlamaModel.jsonSchemaToGrammar}).
 * It must decide before: in java-llama.cpp 4.2.0 any error of the converter is a C++ exception that nothing catches,
 * so the JVM aborts (an unsupported or unresolvable {@code $ref}, a pattern without anchors, a keyword value of the
 * wrong type), and some patterns crash it with a segmentation fault. Schemas that convert but would give a broken,
 * silently wrong or huge grammar are refused too. The rules, each with the reason where it is applied:
 * <ul>
 *   <li>a JSON object of at most {@value #MAX_BYTES} bytes, without duplicate keys;</li>
 *   <li>only keywords llama.cpp supports well, with values it reads safely ({@link SchemaKeywords},
 *       {@link ValueKeywords}, {@link PatternCheck});</li>
 *   <li>at most {@value #MAX_DEPTH} levels of schemas, references followed, and no recursive reference
 *       ({@link SchemaRefs});</li>
 *   <li>at most {@value SchemaKeywords#MAX_PROPERTIES} properties and {@value SchemaKeywords#MAX_REPETITIONS}
 *       repetitions in all.</li>
 * </ul>
 */
public final class SchemaCheck {
    public static final int MAX_BYTES = 16 * 1024;
    public static final int MAX_DEPTH = 8;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // keeps enum and const numbers exactly as written
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private SchemaCheck() {}

    /** The schema, normalised, when llama.cpp can take it; otherwise where and why not. */
    public static CheckedSchema check(String json) throws SchemaRefused {
        Objects.requireNonNull(json, "json");
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new SchemaRefused(SchemaTree.ROOT, "the schema is " + bytes + " bytes long, at most " + MAX_BYTES
                    + " are allowed");
        }
        JsonNode root = parse(json);
        if (!root.isObject()) {
            throw new SchemaRefused(SchemaTree.ROOT, "must be a JSON object, not " + ValueKeywords.kind(root));
        }
        SchemaRefs refs = SchemaRefs.collect(root);
        SchemaKeywords keywords = new SchemaKeywords(refs);
        keywords.check(root, SchemaTree.ROOT);
        for (Map.Entry<String, JsonNode> definition : refs.targets().entrySet()) {
            keywords.check(definition.getValue(), definition.getKey().substring(2).replace('/', '.'));
        }
        if (keywords.properties() > SchemaKeywords.MAX_PROPERTIES) {
            throw new SchemaRefused(SchemaTree.ROOT, "has " + keywords.properties() + " properties in all, at most "
                    + SchemaKeywords.MAX_PROPERTIES + " are allowed");
        }
        if (keywords.repetitions() > SchemaKeywords.MAX_REPETITIONS) {
            throw new SchemaRefused(SchemaTree.ROOT, "asks for " + keywords.repetitions() + " repetitions in all "
                    + "(maxLength, maxItems and counts in patterns added up), at most " + SchemaKeywords.MAX_REPETITIONS
                    + " are allowed: llama.cpp expands each into a grammar rule, for every request");
        }
        refs.checkNames(topLevelProperties(root, refs));
        SchemaRefs.Depth depth = refs.depth(root);
        if (depth.levels() > MAX_DEPTH) {
            throw new SchemaRefused(depth.deepest(), "schemas nest " + depth.levels() + " levels deep here, at most "
                    + MAX_DEPTH + " are allowed");
        }
        try {
            return new CheckedSchema(MAPPER.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Jackson could not write back a tree it had read", e);
        }
    }

    private static JsonNode parse(String json) throws SchemaRefused {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new SchemaRefused(SchemaTree.ROOT, "is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            String what = e.getOriginalMessage().startsWith("Trailing token") ? "more follows the schema"
                    : e.getOriginalMessage();
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new SchemaRefused(SchemaTree.ROOT, "is not valid JSON: " + what + where);
        }
    }

    /** The properties llama.cpp names rules after without a prefix: the root's, and those allOf merges into it. */
    private static List<String> topLevelProperties(JsonNode root, SchemaRefs refs) throws SchemaRefused {
        List<JsonNode> parts = new ArrayList<>(List.of(root));
        for (JsonNode part : root.path("allOf")) {
            parts.add(part.has("$ref") ? refs.resolve(part.get("$ref").asText(), "allOf") : part);
        }
        List<String> names = new ArrayList<>();
        for (JsonNode part : parts) {
            part.path("properties").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }
}
