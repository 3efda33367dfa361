package ru.saigabot.inference.context;

import java.util.ArrayList;
import java.util.List;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.Role;

/**
 * A conversation split for dropping: the leading system messages, always kept, then turns, each a user message with
 * the messages after it up to the next user message (its answer). Messages before the first user message (a greeting)
 * form a turn of their own. The last turn holds the last user message.
 */
record Turns(List<ChatMessage> pinned, List<List<ChatMessage>> turns) {

    static Turns of(List<ChatMessage> conversation) {
        int start = 0;
        while (start < conversation.size() && conversation.get(start).role() == Role.SYSTEM) {
            start++;
        }
        List<List<ChatMessage>> turns = new ArrayList<>();
        List<ChatMessage> current = null;
        boolean anyUser = false;
        for (ChatMessage message : conversation.subList(start, conversation.size())) {
            if (message.role() == Role.USER || current == null) {
                current = new ArrayList<>();
                turns.add(current);
            }
            anyUser |= message.role() == Role.USER;
            current.add(message);
        }
        if (!anyUser) {
            throw new IllegalArgumentException("the conversation has no user message to answer");
        }
        return new Turns(List.copyOf(conversation.subList(0, start)), turns.stream().map(List::copyOf).toList());
    }

    /** The pinned messages and the turns from {@code firstKept} on. */
    List<ChatMessage> keepingFrom(int firstKept) {
        List<ChatMessage> kept = new ArrayList<>(pinned);
        turns.subList(firstKept, turns.size()).forEach(kept::addAll);
        return kept;
    }
}
