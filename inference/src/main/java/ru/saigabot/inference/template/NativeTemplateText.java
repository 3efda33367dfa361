package ru.saigabot.inference.template;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ru.saigabot.inference.ChatMessage;

/**
 * Carries message text through java-llama.cpp's {@code applyTemplate} intact. Version 4.2.0 returns the rendered
 * prompt through JNI {@code NewStringUTF}, which reads "modified UTF-8": a character outside the Basic Multilingual
 * Plane (every emoji; four bytes in standard UTF-8) comes back as mojibake and the string comes back cut short, and a
 * NUL would end it. So before rendering, each such character is replaced by a private-use character (U+E000..U+F8FF)
 * that occurs nowhere in the messages, and {@link #restore} puts the originals back. Templates treat message content
 * as opaque text (trimming does not touch private-use characters), so the placeholders come back where they went in.
 */
final class NativeTemplateText {

    private static final char FIRST_PRIVATE_USE = '\uE000';
    private static final char LAST_PRIVATE_USE = '\uF8FF';

    private final List<ChatMessage> messages;
    private final Map<Character, String> originals;

    private NativeTemplateText(List<ChatMessage> messages, Map<Character, String> originals) {
        this.messages = messages;
        this.originals = originals;
    }

    /** The messages with every character that JNI would garble replaced by a placeholder. */
    static NativeTemplateText escape(List<ChatMessage> messages) {
        BitSet taken = new BitSet();
        for (ChatMessage message : messages) {
            message.content().chars().filter(c -> c >= FIRST_PRIVATE_USE && c <= LAST_PRIVATE_USE)
                    .forEach(c -> taken.set(c - FIRST_PRIVATE_USE));
        }
        Map<Integer, Character> placeholders = new HashMap<>();
        Map<Character, String> originals = new HashMap<>();
        List<ChatMessage> escaped = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            StringBuilder text = new StringBuilder(message.content().length());
            message.content().codePoints().forEach(codePoint -> {
                if (codePoint > Character.MAX_VALUE || codePoint == 0) {
                    text.append(placeholders.computeIfAbsent(codePoint, cp -> {
                        int free = taken.nextClearBit(0);
                        if (free > LAST_PRIVATE_USE - FIRST_PRIVATE_USE) {
                            throw new IllegalArgumentException("the conversation has too many different emoji "
                                    + "and private-use characters to pass through llama.cpp's template rendering");
                        }
                        taken.set(free);
                        char placeholder = (char) (FIRST_PRIVATE_USE + free);
                        originals.put(placeholder, Character.toString(cp));
                        return placeholder;
                    }));
                } else {
                    text.appendCodePoint(codePoint);
                }
            });
            escaped.add(new ChatMessage(message.role(), text.toString()));
        }
        return new NativeTemplateText(List.copyOf(escaped), Map.copyOf(originals));
    }

    List<ChatMessage> messages() {
        return messages;
    }

    /** The rendered prompt with the original characters back in place of the placeholders. */
    String restore(String rendered) {
        if (originals.isEmpty()) {
            return rendered;
        }
        StringBuilder text = new StringBuilder(rendered.length() + originals.size());
        for (int i = 0; i < rendered.length(); i++) {
            char c = rendered.charAt(i);
            String original = originals.get(c);
            if (original != null) {
                text.append(original);
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
