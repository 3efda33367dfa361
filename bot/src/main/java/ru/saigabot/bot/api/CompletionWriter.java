package ru.saigabot.bot.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.GenerationStats;

/** One answer in OpenAI's wire format: a {@code chat.completion}, or the {@code chat.completion.chunk}s of a stream. */
final class CompletionWriter {
    private final ObjectMapper json;
    private final String id;
    private final String model;
    private final long created;

    CompletionWriter(ObjectMapper json, String id, String model, long created) {
        this.json = json;
        this.id = id;
        this.model = model;
        this.created = created;
    }

    String completion(GenerationResult result) {
        ObjectNode body = head("chat.completion");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", result.text()).putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(result.finishReason()));
        usage(body, result.stats());
        return write(body);
    }

    /** The first chunk: who speaks. */
    String roleChunk() {
        ObjectNode body = head("chat.completion.chunk");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta").put("role", "assistant").put("content", "");
        choice.putNull("finish_reason");
        return write(body);
    }

    String textChunk(String delta) {
        ObjectNode body = head("chat.completion.chunk");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta").put("content", delta);
        choice.putNull("finish_reason");
        return write(body);
    }

    String finishChunk(GenerationResult result) {
        ObjectNode body = head("chat.completion.chunk");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.put("finish_reason", finishReason(result.finishReason()));
        return write(body);
    }

    /** With {@code stream_options.include_usage}: a last chunk with no choices and the usage. */
    String usageChunk(GenerationResult result) {
        ObjectNode body = head("chat.completion.chunk");
        body.putArray("choices");
        usage(body, result.stats());
        return write(body);
    }

    /** An error after the stream began: its status has gone out already, so it travels as an event. */
    String error(ApiError error) {
        return write(ApiErrors.body(json, error));
    }

    private ObjectNode head(String object) {
        ObjectNode body = json.createObjectNode();
        body.put("id", id).put("object", object).put("created", created).put("model", model);
        body.putNull("system_fingerprint");
        return body;
    }

    private static void usage(ObjectNode body, GenerationStats stats) {
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", stats.promptTokens());
        usage.put("completion_tokens", stats.generatedTokens());
        usage.put("total_tokens", stats.promptTokens() + stats.generatedTokens());
        usage.putObject("prompt_tokens_details").put("cached_tokens", stats.cachedPromptTokens());
    }

    /** A stopped answer (its client left) is not seen by anyone; it is reported as ended. */
    private static String finishReason(FinishReason reason) {
        return reason == FinishReason.LENGTH ? "length" : "stop";
    }

    private String write(ObjectNode body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an API response cannot be written as JSON", e);
        }
    }
}
