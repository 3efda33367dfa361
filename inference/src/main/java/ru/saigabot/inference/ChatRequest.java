package ru.saigabot.inference;

import java.util.List;
import java.util.Objects;
import ru.saigabot.inference.routing.ModelRouter;

/**
 * One answer to produce.
 *
 * @param requesterKey    who asked (a user, for fairness between users); opaque to the engine
 * @param conversationKey the conversation this turn continues (e.g. a chat): the engine runs the turn on the slot
 *                        that served the conversation's previous turn when that slot is free, so the prompt's
 *                        unchanged start comes from llama.cpp's KV cache instead of being evaluated again; null
 *                        takes the requester's previous request for the same conversation
 * @param messages        the conversation so far, system prompt first, ending with the user's turn
 * @param priority        served before everyone else's requests (admins)
 * @param loras           LoRA adapters to apply, by registered name, with their scales; empty for the base model
 * @param model           which loaded model answers, for an engine serving several ({@code ModelRouter}); null for
 *                        the engine's own
 * @param requestId       the caller's name for this request, unique among its requests; an engine that hands
 *                        requests to other processes keys its job with it (the bot's queue engine: the stored
 *                        generation's id); null when the caller has none
 * @param output          stop strings and the JSON schema the answer must follow; {@link OutputRules#NONE} for free
 *                        text
 */
public record ChatRequest(String requesterKey, String conversationKey, List<ChatMessage> messages,
                          GenerationParams params, boolean priority, List<LoraScale> loras, String model,
                          String requestId, OutputRules output) {

    public ChatRequest(String requesterKey, String conversationKey, List<ChatMessage> messages,
                       GenerationParams params, boolean priority, List<LoraScale> loras, String model,
                       String requestId) {
        this(requesterKey, conversationKey, messages, params, priority, loras, model, requestId, OutputRules.NONE);
    }

    public ChatRequest(String requesterKey, List<ChatMessage> messages, GenerationParams params) {
        this(requesterKey, null, messages, params, false, List.of(), null, null);
    }

    public ChatRequest(String requesterKey, List<ChatMessage> messages, GenerationParams params, boolean priority) {
        this(requesterKey, null, messages, params, priority, List.of(), null, null);
    }

    public ChatRequest {
        Objects.requireNonNull(requesterKey, "requesterKey");
        Objects.requireNonNull(params, "params");
        messages = List.copyOf(messages);
        loras = List.copyOf(loras);
        output = output == null ? OutputRules.NONE : output;
        if (messages.isEmpty() || messages.get(messages.size() - 1).role() != Role.USER) {
            throw new IllegalArgumentException("a chat request must end with a user message");
        }
        if (loras.stream().map(LoraScale::adapter).distinct().count() != loras.size()) {
            throw new IllegalArgumentException("a LoRA adapter is named twice in " + loras);
        }
    }

    /** The same request as a turn of conversation {@code key}. */
    public ChatRequest withConversation(String key) {
        return new ChatRequest(requesterKey, key, messages, params, priority, loras, model, requestId, output);
    }

    /** The same request with these adapters applied (none: the base model). */
    public ChatRequest withLoras(List<LoraScale> value) {
        return new ChatRequest(requesterKey, conversationKey, messages, params, priority, value, model, requestId,
                output);
    }

    /** The same request for the loaded model {@code key} (null: the engine's own). */
    public ChatRequest withModel(String key) {
        return new ChatRequest(requesterKey, conversationKey, messages, params, priority, loras, key, requestId,
                output);
    }

    /** The same request under the caller's name {@code id}. */
    public ChatRequest withRequestId(String id) {
        return new ChatRequest(requesterKey, conversationKey, messages, params, priority, loras, model, id, output);
    }

    /** The same request with the answer held to {@code rules}. */
    public ChatRequest withOutput(OutputRules rules) {
        return new ChatRequest(requesterKey, conversationKey, messages, params, priority, loras, model, requestId,
                rules);
    }

    /** The same request with other turns (what is left of the conversation once it fits the context). */
    public ChatRequest withMessages(List<ChatMessage> turns) {
        return new ChatRequest(requesterKey, conversationKey, turns, params, priority, loras, model, requestId, output);
    }
}
