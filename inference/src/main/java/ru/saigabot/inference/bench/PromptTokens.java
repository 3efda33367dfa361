package ru.saigabot.inference.bench;

import java.util.List;
import ru.saigabot.inference.ChatMessage;

/** The size in tokens of a prompt made of all of some messages, as the engine renders and counts it. */
@FunctionalInterface
public interface PromptTokens {

    /** @param messages system prompt first, ending with a user turn; none is dropped */
    int of(List<ChatMessage> messages);
}
