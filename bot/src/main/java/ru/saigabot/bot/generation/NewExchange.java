package ru.saigabot.bot.generation;

import java.util.List;
import java.util.Objects;

/**
 * A conversation that arrives whole, with the request for its answer: an API call (the client sends the history
 * with every request) or a JSON extraction (/extract). It gets a conversation of its own, so it never mixes with
 * the chat's current one.
 *
 * @param purpose      what the conversation is for: {@code extract}, {@code api}, or {@code api_unstored} (deleted
 *                     once answered)
 * @param outputSchema the checked JSON schema every answer in the conversation follows; null for free text
 * @param turns        the history, oldest first, ending with the user's question
 * @param options      what the caller asked for beyond the chat's settings; null for none
 */
public record NewExchange(Place place, Requester requester, String purpose, String systemPrompt,
                          String outputSchema, List<Turn> turns, RequestOptions options) {

    /** One message of the history; {@code tgMessageId} is the Telegram message it came from, if any. */
    public record Turn(boolean user, String content, Long tgMessageId) {
        public Turn {
            Objects.requireNonNull(content, "content");
        }
    }

    public NewExchange {
        turns = List.copyOf(turns);
        if (turns.isEmpty() || !turns.get(turns.size() - 1).user()) {
            throw new IllegalArgumentException("an exchange must end with the user's message");
        }
        if (requester.userId() == null) {
            throw new IllegalArgumentException("an exchange needs its requester");
        }
    }

    /** The question the answer answers. */
    public Turn question() {
        return turns.get(turns.size() - 1);
    }
}
