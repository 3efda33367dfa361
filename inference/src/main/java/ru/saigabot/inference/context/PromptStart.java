package ru.saigabot.inference.context;

import java.util.List;
import ru.saigabot.inference.ChatMessage;

/**
 * Which turn a conversation's prompt began with when its oldest turns were last dropped, recognised again by its
 * opening message (a turn's position changes as the history window moves, its text does not). Only the opening
 * message: a turn that was the question when it was recorded has its answer by the next turn.
 */
public record PromptStart(int hash, int length) {

    static PromptStart of(List<ChatMessage> turn) {
        ChatMessage opening = turn.get(0);
        return new PromptStart(31 * opening.role().name().hashCode() + opening.content().hashCode(),
                opening.content().length());
    }
}
