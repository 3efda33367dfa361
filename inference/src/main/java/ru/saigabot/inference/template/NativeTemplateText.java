package ru.saigabot.inference.template;

import java.util.ArrayList;
import java.util.List;
import ru.saigabot.inference.ChatMessage;

/**
 * Carries message text through java-llama.cpp's {@code applyTemplate} intact. Version 4.2.0 returns the rendered
 * prompt through JNI {@code NewStringUTF}, which reads "modified UTF-8": a character outside the Basic Multilingual
 * Plane (every emoji; four bytes in standard UTF-8) comes back as mojibake and the string comes back cut short, and a
 * NUL would end it. So before rendering, each such character is written as three private-use characters: an escape
 * (U+E000) and its code point in two base-2048 digits (U+E001..U+E800), and {@link #restore} reads them back. A
 * U+E000 the user wrote is escaped the same way, so every escape in the messages starts a placeholder, whatever
 * else they hold and however many distinct characters there are. Templates treat message content as opaque text
 * (trimming does not touch private-use characters), so the placeholders come back where they went in.
 */
final class NativeTemplateText {

    private static final char ESCAPE = '\uE000';
    private static final char FIRST_DIGIT = '\uE001';
    private static final int DIGIT_BITS = 11;
    private static final int DIGIT_MASK = (1 << DIGIT_BITS) - 1;
    private static final char LAST_DIGIT = (char) (FIRST_DIGIT + DIGIT_MASK);

    private final List<ChatMessage> messages;
    private final boolean escaped;

    private NativeTemplateText(List<ChatMessage> messages, boolean escaped) {
        this.messages = messages;
        this.escaped = escaped;
    }

    /** The messages with every character that JNI would garble replaced by a placeholder. */
    static NativeTemplateText escape(List<ChatMessage> messages) {
        List<ChatMessage> escapedMessages = new ArrayList<>(messages.size());
        boolean any = false;
        for (ChatMessage message : messages) {
            String content = message.content();
            if (content.codePoints().noneMatch(NativeTemplateText::needsEscape)) {
                escapedMessages.add(message);
                continue;
            }
            any = true;
            StringBuilder text = new StringBuilder(content.length() + 16);
            content.codePoints().forEach(codePoint -> {
                if (needsEscape(codePoint)) {
                    text.append(ESCAPE).append(digit(codePoint >>> DIGIT_BITS)).append(digit(codePoint & DIGIT_MASK));
                } else {
                    text.appendCodePoint(codePoint);
                }
            });
            escapedMessages.add(new ChatMessage(message.role(), text.toString()));
        }
        return new NativeTemplateText(List.copyOf(escapedMessages), any);
    }

    List<ChatMessage> messages() {
        return messages;
    }

    /** The rendered prompt with the original characters back in place of the placeholders. */
    String restore(String rendered) {
        if (!escaped) {
            return rendered; // the template's own text is left alone, escape characters included
        }
        StringBuilder text = new StringBuilder(rendered.length());
        int i = 0;
        while (i < rendered.length()) {
            char c = rendered.charAt(i);
            if (c == ESCAPE && i + 2 < rendered.length() && isDigit(rendered.charAt(i + 1))
                    && isDigit(rendered.charAt(i + 2))) {
                int codePoint = (rendered.charAt(i + 1) - FIRST_DIGIT) << DIGIT_BITS
                        | rendered.charAt(i + 2) - FIRST_DIGIT;
                if (codePoint <= Character.MAX_CODE_POINT && needsEscape(codePoint)) {
                    text.appendCodePoint(codePoint);
                    i += 3;
                    continue;
                }
            }
            text.append(c);
            i++;
        }
        return text.toString();
    }

    private static boolean needsEscape(int codePoint) {
        return codePoint > Character.MAX_VALUE || codePoint == 0 || codePoint == ESCAPE;
    }

    private static char digit(int value) {
        return (char) (FIRST_DIGIT + value);
    }

    private static boolean isDigit(char c) {
        return c >= FIRST_DIGIT && c <= LAST_DIGIT;
    }
}
