package ru.saigabot.inference.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.InferenceException;
import ru.saigabot.inference.LoraScale;
import ru.saigabot.inference.OutputRules;
import ru.saigabot.inference.template.FamilyControlTokens;
import ru.saigabot.inference.text.SpecialTokenText;

/**
 * The OpenAI chat completions wire format, both ways: our request as a streaming request body, and each streamed
 * chunk as a {@link StreamEvent}.
 *
 * <p>Not mapped: the conversation key (the servers keep their own prompt cache; llama-server reuses a slot's cache
 * by prompt similarity), the request's router model key (a remote engine serves the one configured model) and
 * {@code top_k}, {@code min_p} and the repeat penalty when extended sampling is off (OpenAI's additive
 * {@code frequency_penalty} is not the same thing as llama.cpp's multiplicative repeat penalty, so it is never
 * derived from it). LoRA adapters cannot be switched on remotely: a request asking for one is refused.
 *
 * <p>Contents go out neutralised against every built-in family's control strings (issue #16): llama-server, vLLM and
 * Ollama render the messages into one prompt and parse special tokens in all of it, so a {@code <|eot_id|>} typed in
 * a message would forge a turn there too. The server's vocabulary is not known here, hence the families' strings.
 */
final class ChatCompletions {
    private static final SpecialTokenText SPECIAL = SpecialTokenText.of(FamilyControlTokens.all());

    private final ObjectMapper json;
    private final String model;
    private final boolean extendedSampling;

    ChatCompletions(ObjectMapper json, String model, boolean extendedSampling) {
        this.json = json;
        this.model = model;
        this.extendedSampling = extendedSampling;
    }

    /** @throws InferenceException when the request needs what a remote server cannot do (a LoRA adapter) */
    byte[] body(ChatRequest request) {
        for (LoraScale lora : request.loras()) {
            if (lora.scale() != 0) {
                throw new InferenceException("LoRA adapter '" + lora.adapter() + "' cannot be applied by a remote "
                        + "backend; answer this chat with a local --model, or turn the adapter off for it");
            }
        }
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage message : request.messages()) {
            messages.addObject().put("role", message.role().name().toLowerCase(Locale.ROOT)).put("content",
                    SPECIAL.neutralise(message.content()));
        }
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        GenerationParams params = request.params();
        body.put("max_tokens", params.maxTokens());
        body.put("temperature", params.temperature());
        body.put("top_p", params.topP());
        if (params.seed() >= 0) {
            body.put("seed", params.seed());
        }
        OutputRules output = request.output();
        if (!output.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            output.stop().forEach(stop::add);
        }
        if (output.json()) {
            body.putObject("response_format").put("type", "json_schema").putObject("json_schema")
                    .put("name", "answer").put("strict", true).set("schema", schema(output.jsonSchema()));
        }
        if (extendedSampling) {
            body.put("top_k", params.topK());
            body.put("min_p", params.minP());
            body.put("repeat_penalty", params.repeatPenalty()); // llama-server's name
            body.put("repetition_penalty", params.repeatPenalty()); // vLLM's name for the same thing
        }
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a chat request could not be written as JSON", e);
        }
    }

    /**
     * One event's data: a chunk, the end marker, or an error.
     *
     * @throws InferenceException when the data is not JSON
     */
    StreamEvent parse(String data) {
        if (data.strip().equals("[DONE]")) {
            return StreamEvent.DONE;
        }
        JsonNode node;
        try {
            node = json.readTree(data);
        } catch (JsonProcessingException e) {
            throw new InferenceException("the backend streamed something that is not JSON: " + excerpt(data), e);
        }
        if (node == null || !node.isObject()) {
            throw new InferenceException("the backend streamed something that is not a JSON object: " + excerpt(data));
        }
        if (node.hasNonNull("error")) {
            return StreamEvent.error(errorText(node.get("error")));
        }
        String content = "";
        FinishReason finish = null;
        JsonNode choice = node.path("choices").path(0);
        if (!choice.isMissingNode()) {
            content = choice.path("delta").path("content").asText("");
            finish = finishReason(choice.path("finish_reason"));
        }
        JsonNode usage = node.path("usage");
        int prompt = usage.path("prompt_tokens").asInt(-1);
        int completion = usage.path("completion_tokens").asInt(-1);
        int cached = usage.path("prompt_tokens_details").path("cached_tokens").asInt(-1);
        return new StreamEvent(content, finish, prompt, cached, completion, null, false);
    }

    /** An error body ({@code {"error": {"message": …}}}, or a bare string as Ollama and proxies send) as one line. */
    String errorBody(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.hasNonNull("error")) {
                return errorText(node.get("error"));
            }
        } catch (JsonProcessingException e) {
            // not JSON (an HTML page from a proxy): its start says enough
        }
        return excerpt(body);
    }

    private static String errorText(JsonNode error) {
        if (error.isTextual()) {
            return excerpt(error.asText());
        }
        String message = error.path("message").asText("");
        return excerpt(message.isEmpty() ? error.toString() : message);
    }

    private JsonNode schema(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InferenceException("the answer's JSON schema is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** stop and length as the local engine knows them; anything else (content_filter, tool_calls) ends the answer. */
    private static FinishReason finishReason(JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return null;
        }
        return value.asText().equals("length") ? FinishReason.LENGTH : FinishReason.STOP;
    }

    static String excerpt(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}
