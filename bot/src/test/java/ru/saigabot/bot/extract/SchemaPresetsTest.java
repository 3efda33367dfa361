package ru.saigabot.bot.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaPresetsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fourPresetsWithRussianTitles() {
        assertThat(SchemaPresets.names()).containsExactly("contact", "event", "invoice", "order");
        assertThat(SchemaPresets.names().stream().map(SchemaPresets::russianTitle))
                .containsExactly("контакт", "событие", "счёт", "заказ");
        assertThat(SchemaPresets.get("recipe")).isEmpty();
        assertThatThrownBy(() -> SchemaPresets.russianTitle("recipe")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no extraction preset is called 'recipe'; there are [contact, event, invoice, order]");
    }

    @Test
    void presetsHaveTheFieldsTheIssueAsksFor() throws Exception {
        assertThat(fields("contact")).containsExactly("name", "phone", "email", "company", "position", "address");
        assertThat(fields("event")).containsExactly("title", "date", "time", "place", "participants", "description");
        assertThat(fields("invoice"))
                .containsExactly("number", "date", "seller", "buyer", "items", "total", "currency");
        assertThat(fields("order"))
                .containsExactly("customer", "phone", "items", "delivery_address", "delivery_date", "comment");
        assertThat(schema("invoice").at("/properties/currency/enum").toString()).contains("\"RUB\"", "null");
    }

    /**
     * What makes every answer complete and finite whatever the model samples: each string and array is bounded,
     * objects take no other properties and require all of theirs, and each top-level field but a list can be null.
     */
    @Test
    void presetsAreBoundedCompleteAndDescribedInRussian() throws Exception {
        for (String name : SchemaPresets.names()) {
            JsonNode schema = schema(name);
            for (Map.Entry<String, JsonNode> field : schema.get("properties").properties()) {
                JsonNode value = field.getValue();
                assertThat(value.toString().contains("\"null\"") || value.toString().contains("null]")
                        || value.path("type").asText().equals("array")).as("%s.%s may be null", name, field.getKey())
                        .isTrue();
            }
            List<String> problems = new ArrayList<>();
            bounded(schema, name, problems);
            assertThat(problems).isEmpty();
            assertThat(GrammarBound.bytes(schema)).as(name).isLessThan(40_000);
        }
    }

    private static void bounded(JsonNode schema, String path, List<String> problems) {
        String type = schema.path("type").toString();
        if (!schema.path("description").asText().matches(".*[а-яё].*")) {
            problems.add(path + ": no Russian description");
        }
        if (type.contains("string") && !schema.has("maxLength") && !schema.has("pattern")) {
            problems.add(path + ": a string without maxLength or pattern");
        }
        if (type.contains("array") && !schema.has("maxItems")) {
            problems.add(path + ": an array without maxItems");
        }
        if (type.contains("object")) {
            if (!schema.path("additionalProperties").isBoolean() || schema.get("additionalProperties").asBoolean()) {
                problems.add(path + ": other properties allowed");
            }
            List<String> names = new ArrayList<>();
            schema.get("properties").fieldNames().forEachRemaining(names::add);
            List<String> required = new ArrayList<>();
            schema.get("required").forEach(name -> required.add(name.asText()));
            if (!required.equals(names)) {
                problems.add(path + ": requires " + required + ", not every property " + names);
            }
            schema.get("properties").properties().forEach(field ->
                    bounded(field.getValue(), path + "." + field.getKey(), problems));
        }
        if (schema.has("items")) {
            bounded(schema.get("items"), path + "[]", problems);
        }
    }

    private static JsonNode schema(String name) throws Exception {
        return JSON.readTree(SchemaPresets.get(name).orElseThrow().json());
    }

    private static List<String> fields(String name) throws Exception {
        List<String> fields = new ArrayList<>();
        schema(name).get("properties").fieldNames().forEachRemaining(fields::add);
        return fields;
    }
}
