package ru.saigabot.bot.answer;

import java.util.ArrayList;
import java.util.List;
import ru.saigabot.bot.store.StoredMessage;
import ru.saigabot.inference.ChatMessage;

/**
 * Stored turns as the model reads them. In groups several people talk between two answers: their
 * messages become one user turn with a line per author ("Имя: текст"), since some chat templates
 * insist on alternating user and assistant turns, and the model must know who said what. Each message
 * is a part of that turn, so that when the context is short its oldest messages give way, never the
 * question ({@link ChatMessage#parts()}). A private
 * chat keeps its turns as they are, so the context budget can still drop an old one that no longer
 * fits (two user turns in a row there only follow a failed answer).
 */
final class PromptTurns {
    private PromptTurns() {}

    static List<ChatMessage> build(String systemPrompt, List<StoredMessage> messages, boolean group) {
        List<ChatMessage> turns = new ArrayList<>();
        turns.add(ChatMessage.system(systemPrompt));
        List<String> pending = new ArrayList<>();
        for (StoredMessage message : messages) {
            if (message.role().equals("user") && !group) {
                turns.add(ChatMessage.user(message.content()));
            } else if (message.role().equals("user")) {
                pending.add(authorOf(message) + ": " + message.content());
            } else {
                if (!pending.isEmpty()) {
                    turns.add(ChatMessage.userParts(pending));
                    pending = new ArrayList<>();
                }
                turns.add(ChatMessage.assistant(message.content()));
            }
        }
        if (!pending.isEmpty()) {
            turns.add(ChatMessage.userParts(pending));
        }
        return turns;
    }

    private static String authorOf(StoredMessage message) {
        String name = message.authorName();
        return name == null || name.isBlank() ? "Участник" : name.strip();
    }
}
