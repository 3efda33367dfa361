package ru.saigabot.bot.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import ru.saigabot.bot.render.HtmlTokens.Kind;
import ru.saigabot.bot.render.HtmlTokens.Token;

/**
 * Cuts Telegram HTML into messages of at most {@code limit} visible characters (UTF-16 code units of the text
 * Telegram shows, which is what its 4,096 limit counts). Each message is well-formed on its own: tags open at
 * a cut are closed there and opened again, with the same attributes, in the next message.
 *
 * <p>Where to cut, best first: a paragraph break, a line break, the end of a sentence, a space, all in the
 * second half of the message (a tiny message is worse than a cut at a lesser border); never inside a code
 * block unless the block alone is longer than a message, and then at a line of it; at worst between two
 * characters, never inside a surrogate pair or between a letter and its combining accent.
 */
public final class HtmlSplitter {
    /** Telegram's limit for a message's text, counted after entity parsing. */
    public static final int TELEGRAM_LIMIT = 4096;

    private enum Border { PARAGRAPH, LINE, SENTENCE, SPACE }

    /** Inline code and links read as one piece; inside a code block only its own lines count. */
    private static final Set<String> UNBROKEN = Set.of("code", "a");

    /** A cut: the message ends before token {@code end}, the next one starts at {@code resume}. */
    private record Cut(int end, int resume) {}

    private final String html;
    private final List<Token> tokens;
    /** visible[i]: visible length of tokens [0, i). */
    private final int[] visible;
    /** For the index of a {@code <pre>}: the index of its {@code </pre>}. */
    private final int[] closing;
    private final int limit;

    private HtmlSplitter(String html, int limit) {
        this.html = html;
        this.tokens = HtmlTokens.of(html);
        this.limit = limit;
        this.visible = new int[tokens.size() + 1];
        this.closing = new int[tokens.size()];
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            visible[i + 1] = visible[i] + token.width();
            closing[i] = tokens.size();
            if (token.kind() == Kind.OPEN) {
                open.add(i);
            } else if (token.kind() == Kind.CLOSE && !open.isEmpty()) {
                closing[open.remove(open.size() - 1)] = i;
            }
        }
    }

    /** The messages, in order; none for HTML that shows nothing. */
    public static List<String> split(String html, int limit) {
        if (limit < 16) {
            throw new IllegalArgumentException("limit " + limit + " is too small");
        }
        return new HtmlSplitter(html, limit).parts();
    }

    private List<String> parts() {
        List<String> parts = new ArrayList<>();
        List<Token> openAtStart = new ArrayList<>();
        int start = 0;
        while (visible[tokens.size()] - visible[start] > limit) {
            Cut cut = cut(start, openAtStart);
            List<Token> openAtEnd = new ArrayList<>(openAtStart);
            addPart(parts, start, cut.end(), write(openAtStart, start, cut.end(), openAtEnd));
            openAtStart = openAtEnd; // only whitespace lies between end and resume
            start = cut.resume();
        }
        addPart(parts, start, tokens.size(), write(openAtStart, start, tokens.size(), new ArrayList<>(openAtStart)));
        return parts;
    }

    private Cut cut(int start, List<Token> openAtStart) {
        int floor = visible[start] + limit / 2;
        int[] best = {-1, -1, -1, -1};
        int lastOutsideCode = -1;
        int lastCodeLine = -1;
        int pre = -1;
        int unbroken = 0; // inline code and links open here: cut inside them only if nothing else is left
        for (Token open : openAtStart) {
            pre = open.name().equals("pre") ? -2 : pre; // a block reopened here: it cannot move to a fresh message
            unbroken += UNBROKEN.contains(open.name()) ? 1 : 0;
        }
        for (int i = start; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.kind() == Kind.OPEN && token.name().equals("pre")) {
                pre = i;
                lastCodeLine = -1;
            } else if (token.kind() == Kind.CLOSE && token.name().equals("pre")) {
                pre = -1;
            } else if (token.kind() != Kind.CHAR) {
                unbroken += (token.kind() == Kind.OPEN ? 1 : -1) * (UNBROKEN.contains(token.name()) ? 1 : 0);
            } else {
                if (visible[i + 1] - visible[start] > limit) {
                    return choose(start, i, best, lastOutsideCode, lastCodeLine, pre);
                }
                boolean runStart = token.isWhitespace() && i > start && !tokens.get(i - 1).isWhitespace();
                if (pre != -1 && token.isChar('\n') && runStart) {
                    lastCodeLine = i;
                } else if (pre == -1 && runStart && unbroken == 0) {
                    lastOutsideCode = i;
                    if (visible[i] >= floor) {
                        best[border(i).ordinal()] = i;
                    }
                }
            }
        }
        throw new IllegalStateException("no cut needed: the rest fits in " + limit);
    }

    private Cut choose(int start, int overflow, int[] best, int lastOutsideCode, int lastCodeLine, int pre) {
        for (int candidate : best) {
            if (candidate >= 0) {
                return new Cut(candidate, afterWhitespace(candidate));
            }
        }
        if (pre >= 0 && visible[closing[pre]] - visible[pre] <= limit && lastOutsideCode >= 0) {
            return new Cut(lastOutsideCode, afterWhitespace(lastOutsideCode)); // the whole block fits the next one
        }
        if (pre != -1 && lastCodeLine >= 0) {
            return new Cut(lastCodeLine, afterWhitespace(lastCodeLine));
        }
        int cut = overflow;
        while (cut > start + 1 && joinsPrevious(cut)) {
            cut--;
        }
        return new Cut(cut, cut);
    }

    /** Whether a cut before token {@code i} would split what the user sees as one character. */
    private boolean joinsPrevious(int i) {
        Token token = tokens.get(i);
        Token previous = tokens.get(i - 1);
        if (token.kind() != Kind.CHAR) {
            return false;
        }
        int c = token.codePoint();
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || c == 0x200D || previous.isChar(0x200D) // zero-width joiner inside an emoji sequence
                || c >= 0xFE00 && c <= 0xFE0F // variation selectors
                || c >= 0x1F3FB && c <= 0x1F3FF; // skin tones
    }

    private Border border(int i) {
        boolean newline = false;
        for (int j = i; j < tokens.size() && tokens.get(j).isWhitespace(); j++) {
            if (tokens.get(j).isChar('\n')) {
                if (newline) {
                    return Border.PARAGRAPH;
                }
                newline = true;
            }
        }
        if (newline) {
            return Border.LINE;
        }
        Token previous = tokens.get(i - 1);
        boolean sentenceEnd = previous.isChar('.') || previous.isChar('!') || previous.isChar('?')
                || previous.isChar('…');
        return sentenceEnd ? Border.SENTENCE : Border.SPACE;
    }

    private int afterWhitespace(int i) {
        int j = i;
        while (j < tokens.size() && tokens.get(j).isWhitespace()) {
            j++;
        }
        return j;
    }

    /**
     * The message made of tokens [from, to): {@code open} (the tags open before {@code from}) reopened in
     * front, and whatever is still open at {@code to} closed at the end; {@code open} is left as it is at to.
     */
    private String write(List<Token> openBefore, int from, int to, List<Token> open) {
        StringBuilder out = new StringBuilder();
        openBefore.forEach(tag -> out.append(html, tag.start(), tag.end()));
        if (from < to) {
            out.append(html, tokens.get(from).start(), tokens.get(to - 1).end());
        }
        for (int i = from; i < to; i++) {
            Token token = tokens.get(i);
            if (token.kind() == Kind.OPEN) {
                open.add(token);
            } else if (token.kind() == Kind.CLOSE && !open.isEmpty()) {
                open.remove(open.size() - 1);
            }
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            out.append("</").append(open.get(i).name()).append('>');
        }
        return out.toString();
    }

    /** Adds the message made of tokens [from, to) unless it would show only whitespace. */
    private void addPart(List<String> parts, int from, int to, String part) {
        for (int i = from; i < to; i++) {
            if (tokens.get(i).kind() == Kind.CHAR && !tokens.get(i).isWhitespace()) {
                parts.add(part);
                return;
            }
        }
    }
}
