package ru.saigabot.inference.context;

import java.util.List;
import ru.saigabot.inference.ChatMessage;

/**
 * Which turn a conversation's prompt began with when its oldest turns were last dropped, recognised again by its
 * contents (a turn's position changes as the history window moves, its text does not).
 */
public record PromptStart(int hash, int length) {

    static PromptStart of(List<ChatMessage> turn) {
        int hash = 1;
        int length = 0;
        for (ChatMessage message : turn) {
            hash = 31 * (31 * hash + message.role().name().hashCode()) + message.content().hashCode();
            length += message.content().length();
        }
        return new PromptStart(hash, length);
    }
}
