package ru.saigabot.inference;

import java.util.List;
import java.util.Objects;

/**
 * One answer to produce.
 *
 * @param requesterKey who asked (a user, for fairness between users); opaque to the engine
 * @param messages     the conversation so far, system prompt first, ending with the user's turn
 * @param priority     served before everyone else's requests (admins)
 */
public record ChatRequest(String requesterKey, List<ChatMessage> messages, GenerationParams params, boolean priority) {

    public ChatRequest(String requesterKey, List<ChatMessage> messages, GenerationParams params) {
        this(requesterKey, messages, params, false);
    }

    public ChatRequest {
        Objects.requireNonNull(requesterKey, "requesterKey");
        Objects.requireNonNull(params, "params");
        messages = List.copyOf(messages);
        if (messages.isEmpty() || messages.get(messages.size() - 1).role() != Role.USER) {
            throw new IllegalArgumentException("a chat request must end with a user message");
        }
    }
}
