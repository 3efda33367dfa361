package ru.saigabot.bot.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a long answer into Telegram messages (at most 4,096 characters each), preferring a paragraph
 * break, then a line break, then the end of a sentence, then a space, and never cutting a surrogate pair.
 */
public final class MessageSplitter {
    public static final int TELEGRAM_LIMIT = 4096;

    private MessageSplitter() {}

    public static List<String> split(String text, int limit) {
        if (limit < 16) {
            throw new IllegalArgumentException("limit " + limit + " is too small");
        }
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (rest.length() > limit) {
            int cut = cutPoint(rest, limit);
            parts.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        if (!rest.isEmpty() || parts.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }

    private static int cutPoint(String text, int limit) {
        int floor = limit / 2; // never make a tiny part just to cut at a nicer place
        for (String border : new String[] {"\n\n", "\n", ". ", "! ", "? ", "… ", " "}) {
            int at = text.lastIndexOf(border, limit - border.length());
            if (at >= floor) {
                return at + border.length();
            }
        }
        int cut = limit;
        if (Character.isLowSurrogate(text.charAt(cut)) && Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return cut;
    }
}
