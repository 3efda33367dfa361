package ru.saigabot.bot.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import ru.saigabot.bot.generation.NewExchange;

/**
 * The {@code messages} of a chat completion request: system and developer messages make the system prompt; user
 * and assistant messages the conversation, which must end with the user's. Content is a string or text parts;
 * images, audio and tool calls are refused by name.
 *
 * @param system the system prompt; null when no message set one
 */
record Messages(String system, List<NewExchange.Turn> turns) {
    /** A message longer than this is refused: it could not fit any context this server runs. */
    static final int MAX_CHARS = 200_000;

    static Messages read(JsonNode messages) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiError.invalid("messages", "'messages' must be a non-empty array");
        }
        StringBuilder system = new StringBuilder();
        List<NewExchange.Turn> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String param = "messages[" + i + "]";
            if (!message.isObject()) {
                throw ApiError.invalid(param, param + " must be an object");
            }
            String role = CompletionRequest.text(message, "role", true);
            if (message.has("tool_calls") || message.has("function_call") || message.has("audio")) {
                throw ApiError.unsupported(param, param + ": tool calls and audio are not supported");
            }
            String content = content(message.get("content"), param);
            switch (role) {
                case "system", "developer" -> system.append(system.isEmpty() ? "" : "\n\n").append(content);
                case "user" -> turns.add(new NewExchange.Turn(true, content, null));
                case "assistant" -> turns.add(new NewExchange.Turn(false, content, null));
                default -> throw ApiError.unsupported(param + ".role", param + ": role '" + role
                        + "' is not supported; use system, developer, user or assistant");
            }
        }
        if (turns.isEmpty() || !turns.get(turns.size() - 1).user()) {
            throw ApiError.invalid("messages", "the last message (after any system ones) must be the user's");
        }
        return new Messages(system.isEmpty() ? null : system.toString(), turns);
    }

    private static String content(JsonNode content, String param) {
        if (content == null || content.isNull()) {
            throw ApiError.invalid(param + ".content", param + ": content is required");
        }
        String text;
        if (content.isTextual()) {
            text = content.textValue();
        } else if (content.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode part : content) {
                String type = part.path("type").asText();
                if (!type.equals("text")) {
                    throw ApiError.unsupported(param + ".content", param + ": content parts of type '" + type
                            + "' are not supported; send text");
                }
                joined.append(part.path("text").asText());
            }
            text = joined.toString();
        } else {
            throw ApiError.invalid(param + ".content", param + ": content must be a string or an array of parts");
        }
        if (text.length() > MAX_CHARS) {
            throw ApiError.invalid(param + ".content", param + " has " + text.length() + " characters; at most "
                    + MAX_CHARS);
        }
        return text;
    }
}
