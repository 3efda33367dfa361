package ru.saigabot.bot.testing.telegram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Telegram's parse_mode=HTML, modelled on TDLib's {@code parse_html} (which the Bot API uses): only Telegram's
 * tags, balanced nesting, {@code &lt; &gt; &amp; &quot;} and numeric references (the ';' may be left out, as
 * there), its attribute grammar, and its error descriptions, which count offsets in UTF-8 bytes of the HTML as
 * sent. Unknown {@code &name;} stays literal, as there. {@link EntityRules} then applies Telegram's nesting
 * rules and trimming to the result.
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
    /** What TDLib's link check lets through as a text_link; anything else silently gets no entity. */
    private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "tg", "ton", "mailto", "ftp");

    /** @param argument href, language, "expandable" or the custom emoji id, as TDLib keeps it */
    private record OpenTag(String name, String argument, int offset) {
    }

    private final String html;
    private final StringBuilder plain = new StringBuilder();
    private final List<OpenTag> open = new ArrayList<>();
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
                pos = appendEntity(html, pos, plain);
            } else {
                plain.append(c);
                pos++;
            }
        }
        if (!open.isEmpty()) {
            throw error("Can't find end tag corresponding to start tag \"" + last().name() + "\"");
        }
        return EntityRules.apply(plain.toString(), entities);
    }

    private void startTag() {
        int begin = pos;
        int i = begin + 1;
        while (i < html.length() && !isSpace(html.charAt(i)) && html.charAt(i) != '>') {
            i++;
        }
        if (i >= html.length()) {
            throw error("Unclosed start tag at byte offset " + byteOffset(begin));
        }
        String name = html.substring(begin + 1, i).toLowerCase(Locale.ROOT);
        if (!ENTITY_TYPE_BY_TAG.containsKey(name) && !name.equals("tg-time")) {
            throw error("Unsupported start tag \"" + name + "\" at byte offset " + byteOffset(begin));
        }
        String argument = "";
        while (html.charAt(i) != '>') {
            i = skipSpaces(i);
            if (i >= html.length()) {
                throw error("Unclosed start tag \"" + name + "\" at byte offset " + byteOffset(begin));
            }
            if (html.charAt(i) == '>') {
                break;
            }
            int nameStart = i;
            while (i < html.length() && !isSpace(html.charAt(i)) && "=>/\"'".indexOf(html.charAt(i)) < 0) {
                i++;
            }
            String attribute = html.substring(nameStart, i);
            if (attribute.isEmpty()) {
                throw error("Empty attribute name in the tag \"" + name + "\" at byte offset " + byteOffset(begin));
            }
            i = skipSpaces(i);
            if (i >= html.length()) {
                throw error("Unclosed start tag \"" + name + "\" at byte offset " + byteOffset(begin));
            }
            if (html.charAt(i) != '=') {
                if (name.equals("blockquote") && attribute.equals("expandable")) {
                    argument = "expandable";
                }
                continue;
            }
            i = skipSpaces(i + 1);
            if (i >= html.length()) {
                throw error("Unclosed start tag \"" + name + "\" at byte offset " + byteOffset(begin));
            }
            StringBuilder value = new StringBuilder();
            i = readValue(i, value);
            if (i >= html.length()) {
                throw error("Unclosed start tag at byte offset " + byteOffset(begin));
            }
            argument = argumentOf(name, attribute, value.toString(), argument);
        }
        if (name.equals("span") && !argument.equals("spoiler")) {
            throw error("Tag \"span\" must have class \"tg-spoiler\" at byte offset " + byteOffset(begin));
        }
        open.add(new OpenTag(name, argument, plain.length()));
        pos = i + 1;
    }

    /** A quoted string (entities decoded) or a name token (letters, digits, '.', '-'; lower-cased). */
    private int readValue(int from, StringBuilder value) {
        char quote = html.charAt(from);
        int i = from;
        if (quote == '"' || quote == '\'') {
            i++;
            while (i < html.length() && html.charAt(i) != quote) {
                if (html.charAt(i) == '&') {
                    i = appendEntity(html, i, value);
                } else {
                    value.append(html.charAt(i++));
                }
            }
            return i < html.length() ? i + 1 : i;
        }
        while (i < html.length() && (Character.isLetterOrDigit(html.charAt(i)) && html.charAt(i) < 128
                || html.charAt(i) == '.' || html.charAt(i) == '-')) {
            value.append(Character.toLowerCase(html.charAt(i++)));
        }
        if (i < html.length() && !isSpace(html.charAt(i)) && html.charAt(i) != '>') {
            throw error("Unexpected end of name token at byte offset " + byteOffset(from));
        }
        return i;
    }

    private static String argumentOf(String tag, String attribute, String value, String current) {
        if (tag.equals("a") && attribute.equals("href")) {
            return value;
        }
        if (tag.equals("code") && attribute.equals("class") && value.startsWith("language-")) {
            return value.substring("language-".length());
        }
        if (tag.equals("span") && attribute.equals("class") && value.startsWith("tg-")) {
            return value.substring(3);
        }
        if (tag.equals("tg-emoji") && attribute.equals("emoji-id")) {
            return value;
        }
        if (tag.equals("blockquote") && attribute.equals("expandable")) {
            return "expandable";
        }
        return current;
    }

    private void endTag() {
        int begin = pos;
        if (open.isEmpty()) {
            throw error("Unexpected end tag at byte offset " + byteOffset(begin));
        }
        int i = begin + 2;
        while (i < html.length() && !isSpace(html.charAt(i)) && html.charAt(i) != '>') {
            i++;
        }
        String name = html.substring(begin + 2, i).toLowerCase(Locale.ROOT);
        i = skipSpaces(i);
        if (i >= html.length() || html.charAt(i) != '>') {
            throw error("Unclosed end tag at byte offset " + byteOffset(begin));
        }
        OpenTag tag = last();
        if (!name.isEmpty() && !name.equals(tag.name())) {
            throw error("Unmatched end tag at byte offset " + byteOffset(begin) + ", expected \"</" + tag.name()
                    + ">\", found \"</" + name + ">\"");
        }
        open.remove(open.size() - 1);
        addEntity(tag, plain.length() - tag.offset());
        pos = i + 1;
    }

    private void addEntity(OpenTag tag, int length) {
        if (length <= 0 || tag.name().equals("tg-time")) {
            return;
        }
        int offset = tag.offset();
        TextEntity previous = entities.isEmpty() ? null : entities.get(entities.size() - 1);
        boolean samePlace = previous != null && previous.offset() == offset && previous.length() == length;
        switch (tag.name()) {
            case "a" -> {
                String url = checkedLink(tag.argument().isEmpty() ? plain.substring(offset) : tag.argument());
                if (url != null) {
                    entities.add(new TextEntity("text_link", offset, length, url));
                }
            }
            case "pre" -> {
                if (samePlace && previous.type().equals("code") && previous.language() != null) {
                    entities.set(entities.size() - 1, new TextEntity("pre", offset, length, null,
                            previous.language()));
                } else {
                    entities.add(new TextEntity("pre", offset, length, null));
                }
            }
            case "code" -> {
                String language = tag.argument().isEmpty() ? null : tag.argument();
                if (samePlace && previous.type().equals("pre") && language != null) {
                    entities.set(entities.size() - 1, new TextEntity("pre", offset, length, null, language));
                } else {
                    // A language is kept only until the enclosing <pre> closes (see above), as in TDLib.
                    entities.add(new TextEntity("code", offset, length, null, language));
                }
            }
            case "blockquote" -> entities.add(new TextEntity(
                    tag.argument().isEmpty() ? "blockquote" : "expandable_blockquote", offset, length, null));
            default -> entities.add(new TextEntity(ENTITY_TYPE_BY_TAG.get(tag.name()), offset, length, null));
        }
    }

    /** TDLib keeps links it can open: known schemes, or a bare domain (which gets http://). */
    private static String checkedLink(String url) {
        String link = url.strip();
        int colon = link.indexOf(':');
        if (colon > 0 && link.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return LINK_SCHEMES.contains(link.substring(0, colon).toLowerCase(Locale.ROOT)) ? link : null;
        }
        return link.matches("[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)+(/\\S*)?") ? "http://" + link : null;
    }

    private OpenTag last() {
        return open.get(open.size() - 1);
    }

    /**
     * Appends the character reference starting at {@code amp} (or a literal '&') and returns the index after
     * it. Like TDLib: the ';' is optional, only four names are known, numbers must be 1..0x10fffe.
     */
    private static int appendEntity(String text, int amp, StringBuilder out) {
        int end = amp + 1;
        int code;
        if (end < text.length() && text.charAt(end) == '#') {
            end++;
            boolean hex = end < text.length() && text.charAt(end) == 'x';
            if (hex) {
                end++;
            }
            long value = 0;
            while (end < text.length() && Character.digit(text.charAt(end), hex ? 16 : 10) >= 0
                    && text.charAt(end) < 128 && end - amp < 12) {
                value = value * (hex ? 16 : 10) + Character.digit(text.charAt(end), hex ? 16 : 10);
                end++;
            }
            code = value == 0 || value >= 0x10ffff || end - amp >= 10 ? 0 : (int) value;
        } else {
            while (end < text.length() && text.charAt(end) < 128 && Character.isLetter(text.charAt(end))) {
                end++;
            }
            code = switch (text.substring(amp + 1, end)) {
                case "lt" -> '<';
                case "gt" -> '>';
                case "amp" -> '&';
                case "quot" -> '"';
                default -> 0;
            };
        }
        if (code == 0) {
            out.append('&');
            return amp + 1;
        }
        if (Character.getType(code) == Character.SURROGATE) {
            throw ApiError.badRequest("Text contains invalid Unicode characters after decoding HTML entities, "
                    + "check for unmatched surrogate code units");
        }
        out.appendCodePoint(code);
        return end < text.length() && text.charAt(end) == ';' ? end + 1 : end;
    }

    private int skipSpaces(int from) {
        int i = from;
        while (i < html.length() && isSpace(html.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\u000b' || c == '\f';
    }

    private int byteOffset(int charIndex) {
        return html.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length;
    }

    private static ApiError error(String detail) {
        return ApiError.badRequest("can't parse entities: " + detail);
    }
}
