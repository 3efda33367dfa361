package ru.saigabot.bot.render;

/**
 * Separates a reasoning model's thoughts ({@code <think>…</think>}) from its answer, so the thoughts can be
 * shown folded and never read as part of the answer.
 *
 * <p>Only a block at the very start counts: that is where reasoning models write it, and an answer that
 * explains the tag itself (say, in a code sample) must stay whole. Some chat templates put the opening tag
 * into the prompt, so the model's text starts inside the block: a {@code </think>} on a line of its own with
 * no opening tag before it closes that block (written inside a sentence, it is just text). While an answer
 * streams, a tag can be cut in the middle ({@code "<thi"}); such a tail is held back until the next delta
 * says what it is.
 */
public final class ThinkBlocks {
    private static final String OPEN = "<think>";
    private static final String CLOSE = "</think>";

    /**
     * @param thoughts      the reasoning, stripped; empty when there is none
     * @param answer        the rest, stripped
     * @param stillThinking the block has not been closed (yet, or ever: the answer was cut while thinking)
     */
    public record Separated(String thoughts, String answer, boolean stillThinking) {}

    private ThinkBlocks() {}

    /** @param partial the text is still being written, so a half tag at its end is held back */
    public static Separated separate(String text, boolean partial) {
        int start = skipWhitespace(text);
        if (text.startsWith(OPEN, start)) {
            int body = start + OPEN.length();
            int close = text.indexOf(CLOSE, body);
            if (close < 0) {
                String thoughts = text.substring(body);
                return new Separated(partial ? withoutHalfTag(thoughts, CLOSE) : thoughts.strip(), "", true);
            }
            return new Separated(text.substring(body, close).strip(), answerAfter(text, close), false);
        }
        if (partial && start < text.length() && OPEN.startsWith(text.substring(start))) {
            return new Separated("", "", false); // "<thi": wait for the rest of the tag
        }
        int close = text.indexOf(CLOSE);
        if (close >= 0 && text.lastIndexOf(OPEN, close) < 0 && onItsOwnLine(text, close)) {
            return new Separated(text.substring(0, close).strip(), answerAfter(text, close), false);
        }
        return new Separated("", text.strip(), false);
    }

    private static String answerAfter(String text, int close) {
        return text.substring(close + CLOSE.length()).strip();
    }

    /** Drops a trailing proper prefix of {@code tag} ("&lt;/th" of "&lt;/think&gt;"), then strips. */
    private static String withoutHalfTag(String text, String tag) {
        for (int length = Math.min(tag.length() - 1, text.length()); length > 0; length--) {
            if (text.endsWith(tag.substring(0, length))) {
                return text.substring(0, text.length() - length).strip();
            }
        }
        return text.strip();
    }

    private static boolean onItsOwnLine(String text, int tag) {
        int end = tag + CLOSE.length();
        boolean lineStart = tag == 0 || text.charAt(tag - 1) == '\n';
        boolean lineEnd = end == text.length() || text.charAt(end) == '\n' || text.charAt(end) == '\r';
        return lineStart && lineEnd;
    }

    private static int skipWhitespace(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
