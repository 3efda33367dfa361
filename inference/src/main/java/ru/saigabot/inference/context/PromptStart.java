package ru.saigabot.inference.context;

import java.util.List;
import ru.saigabot.inference.ChatMessage;

/**
 * Where a conversation's prompt began when its oldest turns were last dropped: recognised again by the messages it
 * kept, from its first kept turn to the question it answered (a turn's position changes as the history window moves,
 * its text does not; and people repeat themselves, so one message alone could point at an earlier "спасибо"). The
 * next turn's conversation holds the same messages in a row, followed by the answer and the new question.
 *
 * @param messages how many messages were kept after the system prompt
 * @param hash     their roles and texts, hashed in order
 */
public record PromptStart(int messages, int hash) {

    /** The start of a prompt that kept {@code kept} (the turns after the system prompt), oldest first. */
    static PromptStart of(List<ChatMessage> kept) {
        return new PromptStart(kept.size(), hash(kept));
    }

    /** Whether {@code from} (the turns from some turn on, flattened) begins with the messages this start kept. */
    boolean begins(List<ChatMessage> from) {
        return from.size() >= messages && hash(from.subList(0, messages)) == hash;
    }

    private static int hash(List<ChatMessage> messages) {
        int hash = 1;
        for (ChatMessage message : messages) {
            hash = 31 * (31 * hash + message.role().name().hashCode()) + message.content().hashCode();
        }
        return hash;
    }
}
