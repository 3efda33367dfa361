package ru.saigabot.inference;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation as the model sees it.
 *
 * @param parts when not empty, the turn is these lines joined by line breaks (a group's messages since the bot's last
 *              answer, one part per message): the context budget may leave out its oldest parts, never the last,
 *              and never cuts inside a part. Empty for a turn that is kept or dropped whole.
 */
public record ChatMessage(Role role, String content, List<String> parts) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        parts = parts == null ? List.of() : List.copyOf(parts);
        if (!parts.isEmpty() && !content.equals(String.join("\n", parts))) {
            throw new IllegalArgumentException("a turn of parts must be its parts joined by line breaks");
        }
    }

    public ChatMessage(Role role, String content) {
        this(role, content, List.of());
    }

    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content);
    }

    /** A user turn made of several messages, oldest first, whose oldest may be left out when the context is short. */
    public static ChatMessage userParts(List<String> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a turn of parts needs at least one part");
        }
        return new ChatMessage(Role.USER, String.join("\n", parts), parts);
    }

    /** The same turn without its {@code count} oldest parts; at least the last part stays. */
    public ChatMessage withoutOldestParts(int count) {
        if (count < 0 || count >= Math.max(1, parts.size())) {
            throw new IllegalArgumentException("cannot leave out " + count + " of " + parts.size() + " parts");
        }
        if (count == 0) {
            return this;
        }
        List<String> kept = parts.subList(count, parts.size());
        return new ChatMessage(role, String.join("\n", kept), kept);
    }
}
