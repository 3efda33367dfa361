package ru.saigabot.bot.testing.telegram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Telegram's parse_mode=HTML, reduced to what tests need: the supported tags, balanced nesting, the four
 * named entities plus numeric ones, and error descriptions worded like Telegram's (which come from
 * TDLib's HTML parser and count offsets in UTF-8 bytes). Unknown {@code &name;} stays literal, as there.
 */
final class HtmlParser {

    private static final Map<String, String> ENTITY_TYPE_BY_TAG = Map.ofEntries(
            Map.entry("b", "bold"), Map.entry("strong", "bold"),
            Map.entry("i", "italic"), Map.entry("em", "italic"),
            Map.entry("u", "underline"), Map.entry("ins", "underline"),
            Map.entry("s", "strikethrough"), Map.entry("strike", "strikethrough"), Map.entry("del", "strikethrough"),
            Map.entry("span", "spoiler"), Map.entry("tg-spoiler", "spoiler"),
            Map.entry("a", "text_link"), Map.entry("code", "code"), Map.entry("pre", "pre"),
            Map.entry("blockquote", "blockquote"), Map.entry("tg-emoji", "custom_emoji"));

    private record OpenTag(String name, String type, int offset, String url) {
    }

    private final String html;
    private final StringBuilder plain = new StringBuilder();
    private final Deque<OpenTag> open = new ArrayDeque<>();
    private final List<TextEntity> entities = new ArrayList<>();
    private int pos;

    private HtmlParser(String html) {
        this.html = html;
    }

    static FormattedText parse(String html) {
        return new HtmlParser(html).run();
    }

    private FormattedText run() {
        while (pos < html.length()) {
            char c = html.charAt(pos);
            if (c == '<') {
                if (pos + 1 < html.length() && html.charAt(pos + 1) == '/') {
                    endTag();
                } else {
                    startTag();
                }
            } else if (c == '&') {
                entity();
            } else {
                plain.append(c);
                pos++;
            }
        }
        if (!open.isEmpty()) {
            throw error("Can't find end tag corresponding to start tag \"" + open.peek().name() + "\"");
        }
        entities.sort(Comparator.comparingInt(TextEntity::offset).thenComparing(TextEntity::length,
                Comparator.reverseOrder()));
        return new FormattedText(plain.toString(), entities);
    }

    private void startTag() {
        int begin = pos;
        int nameEnd = scanName(begin + 1);
        String name = html.substring(begin + 1, nameEnd).toLowerCase(Locale.ROOT);
        if (nameEnd >= html.length()) {
            throw error("Unclosed start tag at byte offset " + byteOffset(begin));
        }
        String type = ENTITY_TYPE_BY_TAG.get(name);
        if (type == null) {
            throw error("Unsupported start tag \"" + name + "\" at byte offset " + byteOffset(begin));
        }
        Map<String, String> attributes = new HashMap<>();
        pos = readAttributes(nameEnd, begin, attributes);
        if (name.equals("span") && !"tg-spoiler".equals(attributes.get("class"))) {
            throw error("Tag \"span\" must have class \"tg-spoiler\" at byte offset " + byteOffset(begin));
        }
        if (name.equals("blockquote") && attributes.containsKey("expandable")) {
            type = "expandable_blockquote";
        }
        open.push(new OpenTag(name, type, plain.length(), name.equals("a") ? attributes.get("href") : null));
    }

    private void endTag() {
        int begin = pos;
        if (open.isEmpty()) {
            throw error("Unexpected end tag at byte offset " + byteOffset(begin));
        }
        int nameEnd = scanName(begin + 2);
        String name = html.substring(begin + 2, nameEnd).toLowerCase(Locale.ROOT);
        int close = skipSpaces(nameEnd);
        if (close >= html.length() || html.charAt(close) != '>') {
            throw error("Unclosed end tag at byte offset " + byteOffset(begin));
        }
        OpenTag tag = open.pop();
        if (!name.isEmpty() && !name.equals(tag.name())) {
            throw error("Unmatched end tag at byte offset " + byteOffset(begin) + ", expected \"</" + tag.name()
                    + ">\", found \"</" + name + ">\"");
        }
        int length = plain.length() - tag.offset();
        if (length > 0 && (!tag.type().equals("text_link") || tag.url() != null)) {
            entities.add(new TextEntity(tag.type(), tag.offset(), length, tag.url()));
        }
        pos = close + 1;
    }

    /** Reads {@code name="value" name='value' name=value name} up to '>'; returns the index after it. */
    private int readAttributes(int from, int tagBegin, Map<String, String> attributes) {
        int i = skipSpaces(from);
        while (i < html.length() && html.charAt(i) != '>') {
            int nameStart = i;
            while (i < html.length() && "=> \t\n\r".indexOf(html.charAt(i)) < 0) {
                i++;
            }
            String name = html.substring(nameStart, i).toLowerCase(Locale.ROOT);
            String value = "";
            if (i < html.length() && html.charAt(i) == '=') {
                i++;
                char quote = i < html.length() ? html.charAt(i) : 0;
                int valueStart = quote == '"' || quote == '\'' ? i + 1 : i;
                int valueEnd = quote == '"' || quote == '\'' ? html.indexOf(quote, valueStart) : scanName(i);
                if (valueEnd < 0 || valueEnd >= html.length()) {
                    throw error("Unclosed start tag at byte offset " + byteOffset(tagBegin));
                }
                value = decodeEntities(html.substring(valueStart, valueEnd));
                i = quote == '"' || quote == '\'' ? valueEnd + 1 : valueEnd;
            }
            attributes.put(name, value);
            i = skipSpaces(i);
        }
        if (i >= html.length()) {
            throw error("Unclosed start tag at byte offset " + byteOffset(tagBegin));
        }
        return i + 1;
    }

    private void entity() {
        pos = appendEntity(html, pos, plain);
    }

    /** Appends the entity starting at {@code amp} (or a literal '&'); returns the index after it. */
    private static int appendEntity(String text, int amp, StringBuilder out) {
        int semicolon = text.indexOf(';', amp);
        String decoded = semicolon < 0 || semicolon - amp > 10 ? null : decodeEntity(text.substring(amp + 1, semicolon));
        if (decoded == null) {
            out.append('&');
            return amp + 1;
        }
        out.append(decoded);
        return semicolon + 1;
    }

    private static String decodeEntities(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '&') {
                i = appendEntity(text, i, out);
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private static String decodeEntity(String name) {
        switch (name) {
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "amp":
                return "&";
            case "quot":
                return "\"";
            default:
                break;
        }
        try {
            if (name.startsWith("#x") || name.startsWith("#X")) {
                return Character.toString(Integer.parseInt(name.substring(2), 16));
            }
            if (name.startsWith("#")) {
                return Character.toString(Integer.parseInt(name.substring(1)));
            }
        } catch (IllegalArgumentException e) {
            return null; // not a valid code point: Telegram keeps such text literally
        }
        return null;
    }

    /** Tag names run to whitespace or '>' (so "a < b" yields the empty name, as in Telegram). */
    private int scanName(int from) {
        int i = from;
        while (i < html.length() && html.charAt(i) != '>' && !Character.isWhitespace(html.charAt(i))) {
            i++;
        }
        return i;
    }

    private int skipSpaces(int from) {
        int i = from;
        while (i < html.length() && Character.isWhitespace(html.charAt(i))) {
            i++;
        }
        return i;
    }

    private int byteOffset(int charIndex) {
        return html.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length;
    }

    private static ApiError error(String detail) {
        return ApiError.badRequest("can't parse entities: " + detail);
    }
}
