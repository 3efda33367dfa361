package ru.saigabot.bot.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Telegram HTML as the bot writes it, cut into tags and visible characters. A character written as an
 * entity ({@code &amp;lt;}) is one token, shown as one character: Telegram counts a message's length in the
 * text it shows (UTF-16 code units), never in markup.
 */
final class HtmlTokens {
    enum Kind { OPEN, CLOSE, CHAR }

    /**
     * @param start     where the token begins in the HTML
     * @param end       where it ends (exclusive)
     * @param name      the tag's name (OPEN and CLOSE), lower case; null for a CHAR
     * @param codePoint the character shown (CHAR)
     */
    record Token(Kind kind, int start, int end, String name, int codePoint) {
        /** How much of Telegram's length limit the token uses. */
        int width() {
            return kind == Kind.CHAR ? Character.charCount(codePoint) : 0;
        }

        boolean isChar(int c) {
            return kind == Kind.CHAR && codePoint == c;
        }

        boolean isWhitespace() {
            return kind == Kind.CHAR && Character.isWhitespace(codePoint);
        }
    }

    private HtmlTokens() {}

    static List<Token> of(String html) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            int end = c == '<' ? html.indexOf('>', i) : -1;
            if (end > 0) {
                boolean closing = html.startsWith("</", i);
                int nameStart = i + (closing ? 2 : 1);
                int nameEnd = nameStart;
                while (nameEnd < end && !Character.isWhitespace(html.charAt(nameEnd))) {
                    nameEnd++;
                }
                tokens.add(new Token(closing ? Kind.CLOSE : Kind.OPEN, i, end + 1,
                        html.substring(nameStart, nameEnd).toLowerCase(Locale.ROOT), 0));
                i = end + 1;
            } else if (c == '&' && entityEnd(html, i) > 0) {
                int semicolon = entityEnd(html, i);
                tokens.add(new Token(Kind.CHAR, i, semicolon + 1, null, decode(html.substring(i + 1, semicolon))));
                i = semicolon + 1;
            } else {
                int codePoint = html.codePointAt(i);
                int next = i + Character.charCount(codePoint);
                tokens.add(new Token(Kind.CHAR, i, next, null, codePoint));
                i = next;
            }
        }
        return tokens;
    }

    /** What Telegram shows for {@code html}, without its formatting. */
    static String plainText(String html) {
        StringBuilder out = new StringBuilder(html.length());
        for (Token token : of(html)) {
            if (token.kind() == Kind.CHAR) {
                out.appendCodePoint(token.codePoint());
            }
        }
        return out.toString();
    }

    /** The index of the ';' closing a known entity starting at {@code amp}, or -1. */
    private static int entityEnd(String html, int amp) {
        int semicolon = html.indexOf(';', amp);
        if (semicolon < 0 || semicolon - amp > 10) {
            return -1;
        }
        return decode(html.substring(amp + 1, semicolon)) >= 0 ? semicolon : -1;
    }

    private static int decode(String name) {
        switch (name) {
            case "amp":
                return '&';
            case "lt":
                return '<';
            case "gt":
                return '>';
            case "quot":
                return '"';
            default:
                break;
        }
        try {
            int codePoint = -1;
            if (name.startsWith("#x") || name.startsWith("#X")) {
                codePoint = Integer.parseInt(name.substring(2), 16);
            } else if (name.startsWith("#")) {
                codePoint = Integer.parseInt(name.substring(1));
            }
            boolean valid = codePoint > 0 && codePoint <= Character.MAX_CODE_POINT
                    && Character.getType(codePoint) != Character.SURROGATE;
            return valid ? codePoint : -1;
        } catch (NumberFormatException e) {
            return -1; // "&#zz;" is not an entity: the '&' is shown as it is
        }
    }
}
