package ru.saigabot.bot.answer;

import java.util.ArrayList;
import java.util.List;
import ru.saigabot.bot.store.StoredMessage;
import ru.saigabot.inference.ChatMessage;

/**
 * Stored turns as the model reads them. In groups several people talk between two answers: their
 * messages become one user turn with a line per author ("Имя: текст"), since some chat templates
 * insist on alternating user and assistant turns, and the model must know who said what. A private
 * chat keeps its turns as they are, so the context budget can still drop an old one that no longer
 * fits (two user turns in a row there only follow a failed answer).
 */
final class PromptTurns {
    private PromptTurns() {}

    static List<ChatMessage> build(String systemPrompt, List<StoredMessage> messages, boolean group) {
        List<ChatMessage> turns = new ArrayList<>();
        turns.add(ChatMessage.system(systemPrompt));
        StringBuilder pending = null;
        for (StoredMessage message : messages) {
            if (message.role().equals("user") && !group) {
                turns.add(ChatMessage.user(message.content()));
                continue;
            }
            if (message.role().equals("user")) {
                String line = group ? authorOf(message) + ": " + message.content() : message.content();
                if (pending == null) {
                    pending = new StringBuilder(line);
                } else {
                    pending.append('\n').append(line);
                }
                continue;
            }
            if (pending != null) {
                turns.add(ChatMessage.user(pending.toString()));
                pending = null;
            }
            turns.add(ChatMessage.assistant(message.content()));
        }
        if (pending != null) {
            turns.add(ChatMessage.user(pending.toString()));
        }
        return turns;
    }

    private static String authorOf(StoredMessage message) {
        String name = message.authorName();
        return name == null || name.isBlank() ? "Участник" : name.strip();
    }
}
