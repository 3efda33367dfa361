package ru.saigabot.bot.extract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The root's {@code $defs} and {@code definitions}, what each {@code $ref} leads to, and how deep the schemas nest
 * once references are followed.
 *
 * <p>llama.cpp (b4916) names a definition's grammar rule after the last part of its reference and reuses any rule
 * that already has that name: a definition called {@code string}, or named like a top-level property, would silently
 * become that other rule. A reference to itself, direct or not, becomes a left-recursive or endless grammar.
 */
final class SchemaRefs {
    private static final List<String> SECTIONS = List.of("$defs", "definitions");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");
    /** llama.cpp's own rule names that a definition name (letters and digits only) could take. */
    private static final Set<String> RULE_NAMES = Set.of("root", "space", "dot", "item", "char", "string", "number",
            "integer", "boolean", "null", "value", "object", "array", "uuid", "date", "time");

    /** Definitions by their reference, {@code #/$defs/NAME} or {@code #/definitions/NAME}. */
    private final Map<String, JsonNode> targets;
    private final Map<String, Depth> depths = new HashMap<>();

    /** How deep the schemas under one go, and the path of the deepest. */
    record Depth(int levels, String deepest) {}

    private SchemaRefs(Map<String, JsonNode> targets) {
        this.targets = targets;
    }

    /** Reads the definitions of {@code root}; their contents are checked by {@link SchemaKeywords} as schemas. */
    static SchemaRefs collect(JsonNode root) throws SchemaRefused {
        Map<String, JsonNode> targets = new LinkedHashMap<>();
        Map<String, String> names = new HashMap<>();
        for (String section : SECTIONS) {
            JsonNode defs = root.get(section);
            if (defs == null) {
                continue;
            }
            if (!defs.isObject()) {
                throw new SchemaRefused(section, "must be an object of named schemas");
            }
            for (Map.Entry<String, JsonNode> def : defs.properties()) {
                String name = def.getKey();
                String path = SchemaTree.key(section, name);
                if (!NAME.matcher(name).matches()) {
                    throw new SchemaRefused(path, "a definition's name must be ASCII letters and digits, starting "
                            + "with a letter, at most 64 (llama.cpp names grammar rules after it)");
                }
                if (RULE_NAMES.contains(name)) {
                    throw new SchemaRefused(path, "'" + name + "' is the name of one of llama.cpp's own grammar "
                            + "rules, which it would use instead; rename the definition");
                }
                String other = names.putIfAbsent(name, section);
                if (other != null) {
                    throw new SchemaRefused(path, "'" + name + "' is defined in " + other + " too; llama.cpp would "
                            + "take one for the other");
                }
                targets.put("#/" + section + "/" + name, def.getValue());
            }
        }
        return new SchemaRefs(targets);
    }

    /** Refuses a definition named like a top-level property, which llama.cpp would take for the property's rule. */
    void checkNames(Iterable<String> topLevelProperties) throws SchemaRefused {
        for (String property : topLevelProperties) {
            String rule = property.replaceAll("[^a-zA-Z0-9-]+", "-");
            for (String section : SECTIONS) {
                if (targets.containsKey("#/" + section + "/" + rule)) {
                    throw new SchemaRefused(SchemaTree.key(section, rule), "a definition may not be named like the "
                            + "top-level property '" + property + "': llama.cpp would take one for the other");
                }
            }
        }
    }

    Map<String, JsonNode> targets() {
        return targets;
    }

    /** The definition {@code ref} names. */
    JsonNode resolve(String ref, String path) throws SchemaRefused {
        JsonNode target = targets.get(ref);
        if (target != null) {
            return target;
        }
        if (ref.startsWith("#/$defs/") || ref.startsWith("#/definitions/")) {
            throw new SchemaRefused(path, "$ref '" + ref + "' does not resolve: there is no such definition");
        }
        if (!ref.startsWith("#")) {
            throw new SchemaRefused(path, "remote $ref '" + ref + "' is not supported: only '#/$defs/NAME' is");
        }
        throw new SchemaRefused(path, "$ref '" + ref + "' is not supported: only '#/$defs/NAME' and "
                + "'#/definitions/NAME' are");
    }

    /** How many levels of schemas {@code root} nests, following references; refuses references in a cycle. */
    Depth depth(JsonNode root) throws SchemaRefused {
        return depth(root, SchemaTree.ROOT, new ArrayDeque<>());
    }

    private Depth depth(JsonNode schema, String path, Deque<String> following) throws SchemaRefused {
        if (schema.has("$ref")) {
            // llama.cpp puts the definition in the reference's place and ignores the reference's other keywords.
            String ref = schema.get("$ref").asText();
            if (following.contains(ref)) {
                List<String> cycle = new ArrayList<>(following);
                Collections.reverse(cycle);
                throw new SchemaRefused(path, "$ref '" + ref + "' leads back to itself (" + String.join(" -> ", cycle)
                        + " -> " + ref + "): recursive schemas are not supported");
            }
            Depth known = depths.get(ref);
            if (known == null) {
                following.push(ref);
                known = depth(resolve(ref, path), ref.substring(2).replace('/', '.'), following);
                following.pop();
                depths.put(ref, known);
            }
            return known;
        }
        Depth deepest = new Depth(0, path);
        for (SchemaTree.Child child : SchemaTree.children(schema, path)) {
            Depth below = depth(child.schema(), child.path(), following);
            if (below.levels() > deepest.levels()) {
                deepest = below;
            }
        }
        return new Depth(deepest.levels() + 1, deepest.deepest());
    }
}
