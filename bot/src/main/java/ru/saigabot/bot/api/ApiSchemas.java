package ru.saigabot.bot.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ru.saigabot.bot.extract.CheckedSchema;
import ru.saigabot.bot.extract.SchemaCheck;
import ru.saigabot.bot.extract.SchemaPresets;
import ru.saigabot.bot.extract.SchemaRefused;

/**
 * The JSON schemas API requests name: checked before they reach llama.cpp (whose converter handles a subset of JSON
 * Schema and may fail natively on the rest), or one of the extraction presets by name.
 */
public final class ApiSchemas implements CompletionRequest.Schemas {
    private final ObjectMapper json;

    public ApiSchemas(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String check(JsonNode schema) {
        try {
            return SchemaCheck.check(json.writeValueAsString(schema)).json();
        } catch (SchemaRefused e) {
            throw ApiError.invalid("response_format.json_schema.schema", "the JSON schema is refused: "
                    + e.getMessage());
        } catch (JsonProcessingException e) {
            throw ApiError.invalid("response_format.json_schema.schema", "the JSON schema cannot be read");
        }
    }

    @Override
    public String preset(String name) {
        return SchemaPresets.get(name).map(CheckedSchema::json).orElseThrow(() -> ApiError.invalid(
                "response_format.json_schema", "'" + name + "' names no preset, and no 'schema' was given; presets: "
                        + String.join(", ", SchemaPresets.names())));
    }

    @Override
    public String anyObject() {
        return CheckedSchema.JSON_OBJECT.json();
    }
}
