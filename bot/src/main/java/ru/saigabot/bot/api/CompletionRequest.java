package ru.saigabot.bot.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ru.saigabot.bot.generation.NewExchange;
import ru.saigabot.bot.generation.RequestOptions;
import ru.saigabot.inference.InvalidSettingException;
import ru.saigabot.inference.OutputRules;
import ru.saigabot.inference.SettingRange;

/**
 * A {@code POST /v1/chat/completions} body, read and checked: every field OpenAI's API defines is either supported or
 * refused by name, so a client never gets an answer that silently ignored what it asked for.
 *
 * @param model        the model variant as the client named it ("saiga" or "saiga+style")
 * @param adapter      the LoRA adapter that variant switches on; null for the base model
 * @param systemPrompt the system (and developer) messages, joined; null when there were none
 * @param turns        the user and assistant messages, ending with the user's
 * @param outputSchema the checked JSON schema of the answer; null for free text
 * @param store        keep the exchange (and allow votes on it) after the answer
 */
public record CompletionRequest(String model, String adapter, String systemPrompt, List<NewExchange.Turn> turns,
                                RequestOptions options, String outputSchema, boolean stream, boolean includeUsage,
                                boolean store) {

    private static final Set<String> SUPPORTED = Set.of("model", "messages", "stream", "stream_options", "max_tokens",
            "max_completion_tokens", "temperature", "top_p", "seed", "stop", "n", "response_format", "store", "user",
            "metadata", "frequency_penalty", "presence_penalty", "logprobs");
    /** Fields a client may send at their neutral value (many send them always); anything else would be ignored. */
    private static final Map<String, Object> NEUTRAL = Map.of("frequency_penalty", 0, "presence_penalty", 0,
            "logprobs", false);

    /** How a request names its answer's JSON schema. */
    public interface Schemas {
        /** The checked text of {@code schema}; throws {@link ApiError} naming what is wrong. */
        String check(JsonNode schema);

        /** The checked text of preset {@code name}; throws {@link ApiError} when there is none. */
        String preset(String name);

        /** The schema of {@code {"type": "json_object"}}: any JSON object. */
        String anyObject();
    }

    /** @throws ApiError naming the field that is wrong or not supported */
    public static CompletionRequest read(JsonNode body, ApiModels models, Schemas schemas) {
        if (body == null || !body.isObject()) {
            throw ApiError.invalid(null, "the request body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!SUPPORTED.contains(name)) {
                throw ApiError.unsupported(name, "'" + name + "' is not supported by this server; see the README's "
                        + "API section for the supported fields");
            }
        }
        NEUTRAL.forEach((name, neutral) -> {
            JsonNode value = body.get(name);
            if (value != null && !value.isNull() && !(neutral instanceof Boolean b ? value.isBoolean()
                    && value.booleanValue() == b : value.isNumber() && value.doubleValue() == 0)) {
                throw ApiError.unsupported(name, "'" + name + "' is not supported by this server (only " + neutral
                        + ")");
            }
        });
        String model = text(body, "model", true);
        String adapter = models.adapterOf(model);
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && !(n.canConvertToInt() && n.intValue() == 1)) {
            throw ApiError.unsupported("n", "n must be 1: this server writes one answer per request");
        }
        Messages messages = Messages.read(body.get("messages"));
        boolean stream = bool(body, "stream");
        JsonNode streamOptions = body.get("stream_options");
        boolean includeUsage = false;
        if (streamOptions != null && !streamOptions.isNull()) {
            if (!stream) {
                throw ApiError.invalid("stream_options", "stream_options is only allowed with stream: true");
            }
            includeUsage = bool(streamOptions, "include_usage");
        }
        RequestOptions options = new RequestOptions(decimal(body, "temperature", SettingRange.TEMPERATURE),
                decimal(body, "top_p", SettingRange.TOP_P), seed(body), maxTokens(body), stop(body), adapter);
        return new CompletionRequest(model, adapter, messages.system(), messages.turns(), options,
                outputSchema(body.get("response_format"), schemas), stream, includeUsage, bool(body, "store"));
    }

    private static String outputSchema(JsonNode format, Schemas schemas) {
        if (format == null || format.isNull()) {
            return null;
        }
        String type = text(format, "type", true);
        switch (type) {
            case "text":
                return null;
            case "json_object":
                return schemas.anyObject();
            case "json_schema":
                JsonNode spec = format.get("json_schema");
                if (spec == null || !spec.isObject()) {
                    throw ApiError.invalid("response_format.json_schema", "response_format json_schema needs a "
                            + "'json_schema' object with 'name' and 'schema' (or the name of a preset)");
                }
                JsonNode schema = spec.get("schema");
                if (schema == null || schema.isNull()) {
                    return schemas.preset(text(spec, "name", true));
                }
                return schemas.check(schema);
            default:
                throw ApiError.unsupported("response_format.type", "response_format type '" + type
                        + "' is not supported; use text, json_object or json_schema");
        }
    }

    private static Double decimal(JsonNode body, String field, SettingRange range) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw ApiError.invalid(field, field + " must be a number");
        }
        try {
            range.check(field, value.doubleValue());
        } catch (InvalidSettingException e) {
            throw ApiError.invalid(field, e.getMessage());
        }
        return value.doubleValue();
    }

    private static Long seed(JsonNode body) {
        JsonNode value = body.get("seed");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToLong()) {
            throw ApiError.invalid("seed", "seed must be an integer");
        }
        try {
            SettingRange.SEED.check("seed", value.longValue());
        } catch (InvalidSettingException e) {
            throw ApiError.invalid("seed", e.getMessage());
        }
        return value.longValue();
    }

    private static Integer maxTokens(JsonNode body) {
        JsonNode legacy = body.get("max_tokens");
        JsonNode current = body.get("max_completion_tokens");
        boolean hasLegacy = legacy != null && !legacy.isNull();
        boolean hasCurrent = current != null && !current.isNull();
        if (hasLegacy && hasCurrent) {
            throw ApiError.invalid("max_tokens", "give max_tokens or max_completion_tokens, not both");
        }
        if (!hasLegacy && !hasCurrent) {
            return null;
        }
        String field = hasLegacy ? "max_tokens" : "max_completion_tokens";
        JsonNode value = hasLegacy ? legacy : current;
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw ApiError.invalid(field, field + " must be an integer");
        }
        try {
            SettingRange.MAX_TOKENS.check(field, value.intValue());
        } catch (InvalidSettingException e) {
            throw ApiError.invalid(field, e.getMessage());
        }
        return value.intValue();
    }

    private static List<String> stop(JsonNode body) {
        JsonNode value = body.get("stop");
        if (value == null || value.isNull()) {
            return null;
        }
        List<String> stop = new ArrayList<>();
        if (value.isTextual()) {
            stop.add(value.textValue());
        } else if (value.isArray()) {
            value.forEach(item -> {
                if (!item.isTextual()) {
                    throw ApiError.invalid("stop", "stop must be a string or an array of strings");
                }
                stop.add(item.textValue());
            });
        } else {
            throw ApiError.invalid("stop", "stop must be a string or an array of strings");
        }
        try {
            OutputRules.stopAt(stop);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("stop", e.getMessage());
        }
        return stop;
    }

    static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiError.invalid(field, "'" + field + "' is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw ApiError.invalid(field, "'" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiError.invalid(field, "'" + field + "' must be true or false");
        }
        return value.booleanValue();
    }
}
