package ru.saigabot.bot.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import ru.saigabot.bot.extract.SchemaPresets;
import ru.saigabot.bot.store.ExtractionSchemaStore.Registered;

/**
 * The schemas /extract offers, one line each, as /extract and /schema list show them: a preset with its Russian
 * title, a registered schema with its own {@code title} or else the names of its first fields.
 */
public final class SchemaCatalog {
    /** Fields named in a line before "…": enough to recognise a schema, short enough for a phone's line. */
    static final int FIELDS_SHOWN = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaCatalog() {}

    public static String lines(List<Registered> registered) {
        List<String> lines = new ArrayList<>();
        for (String name : SchemaPresets.names()) {
            lines.add("• " + name + " — " + SchemaPresets.russianTitle(name));
        }
        for (Registered schema : registered) {
            String about = about(schema.schema());
            lines.add("• " + schema.name() + (about.isEmpty() ? "" : " — " + about));
        }
        return String.join("\n", lines);
    }

    /** The schema's title, or its first fields; empty when it has neither (or is not JSON, as no stored one is). */
    static String about(String schema) {
        JsonNode root;
        try {
            root = JSON.readTree(schema);
        } catch (JsonProcessingException e) {
            return "";
        }
        String title = root.path("title").asText("").strip();
        if (!title.isEmpty()) {
            return title;
        }
        List<String> fields = new ArrayList<>();
        Iterator<String> names = root.path("properties").fieldNames();
        while (names.hasNext() && fields.size() <= FIELDS_SHOWN) {
            fields.add(names.next());
        }
        if (fields.size() > FIELDS_SHOWN) {
            fields.set(FIELDS_SHOWN, "…");
        }
        return String.join(", ", fields);
    }
}
