package ru.saigabot.bot.extract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Where the schemas inside a schema are, and how error messages name them. */
final class SchemaTree {
    static final String ROOT = "(root)";
    /** Keywords whose value is one schema. */
    static final List<String> ONE = List.of("items", "additionalProperties");
    /** Keywords whose value is an array of schemas. */
    static final List<String> MANY = List.of("prefixItems", "anyOf", "oneOf", "allOf");

    /** A schema inside another, with its path. */
    record Child(String path, JsonNode schema) {}

    private SchemaTree() {}

    /**
     * The schemas directly inside {@code schema} that llama.cpp visits, those of {@code $defs} excepted (they are
     * visited where a {@code $ref} names them). Boolean {@code additionalProperties} is not a schema here.
     */
    static List<Child> children(JsonNode schema, String path) {
        List<Child> children = new ArrayList<>();
        JsonNode properties = schema.path("properties");
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            children.add(new Child(key(key(path, "properties"), property.getKey()), property.getValue()));
        }
        for (String keyword : ONE) {
            if (schema.path(keyword).isObject()) {
                children.add(new Child(key(path, keyword), schema.get(keyword)));
            }
        }
        for (String keyword : MANY) {
            JsonNode array = schema.path(keyword);
            for (int i = 0; i < array.size(); i++) {
                children.add(new Child(index(key(path, keyword), i), array.get(i)));
            }
        }
        return children;
    }

    static String key(String path, String key) {
        return path.equals(ROOT) ? key : path + "." + key;
    }

    static String index(String path, int index) {
        return path + "[" + index + "]";
    }
}
