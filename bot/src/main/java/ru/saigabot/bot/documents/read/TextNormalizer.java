package ru.saigabot.bot.documents.read;

import java.util.regex.Pattern;

/**
 * Cleans extracted text the same way for every format, so the splitter and the model see one shape: lines end with
 * {@code \n}; paragraphs are separated by exactly one blank line; runs of spaces become one space (a tab stays, as
 * the cell separator of tables); lines have no leading or trailing blanks; control characters other than newline and
 * tab are dropped, as are invisible ones (zero-width space, byte order mark, soft hyphen); other Unicode spaces (the
 * no-break space first of all) become plain spaces.
 */
final class TextNormalizer {

    /**
     * A word broken at the end of a line: a letter, a hyphen (ASCII, Unicode hyphen, non-breaking or soft hyphen),
     * the line break, and a lower-case letter. Needing the lower case keeps a name broken before a capital
     * ("Санкт-\nПетербург") as it is; a compound broken at its own hyphen ("северо-\nзападный") is joined too: a
     * PDF does not say which hyphens were typed, and words broken by the layout are far more common.
     */
    private static final Pattern HYPHENATED_BREAK =
            Pattern.compile("(\\p{L})[-\\u00AD\\u2010\\u2011][ \\t]*\\r?\\n[ \\t]*(\\p{Ll})");

    private TextNormalizer() {
    }

    /** For PDF text, whose lines are the page's layout: joins words hyphenated at a line's end, then normalises. */
    static String normalizeLaidOut(CharSequence raw) {
        return normalize(HYPHENATED_BREAK.matcher(raw).replaceAll("$1$2"));
    }

    static String normalize(CharSequence raw) {
        StringBuilder out = new StringBuilder(raw.length());
        int length = raw.length();
        boolean blankLineBefore = false;
        int lineStart = 0;
        while (lineStart < length) {
            int lineEnd = lineStart;
            while (lineEnd < length && !isLineBreak(raw.charAt(lineEnd))) {
                lineEnd++;
            }
            if (appendLine(raw, lineStart, lineEnd, out, blankLineBefore ? "\n\n" : "\n")) {
                blankLineBefore = false;
            } else {
                blankLineBefore = out.length() > 0;
            }
            if (lineEnd < length) {
                char lineBreak = raw.charAt(lineEnd);
                blankLineBefore |= lineBreak == '\u2029' && out.length() > 0;
                boolean crLf = lineBreak == '\r' && lineEnd + 1 < length && raw.charAt(lineEnd + 1) == '\n';
                lineEnd += crLf ? 2 : 1;
            }
            lineStart = lineEnd;
        }
        return out.toString();
    }

    /**
     * Appends one line's cleaned text, after the separator unless it is the first line; returns false, having
     * appended nothing, when the line is blank.
     */
    private static boolean appendLine(CharSequence raw, int from, int to, StringBuilder out, String separator) {
        boolean wrote = false;
        boolean pendingSpace = false;
        boolean pendingTab = false;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '\t') {
                pendingTab = true;
            } else if (c == ' ' || Character.getType(c) == Character.SPACE_SEPARATOR) {
                pendingSpace = true;
            } else if (!isInvisible(c)) {
                if (!wrote) {
                    out.append(out.length() > 0 ? separator : "");
                    wrote = true;
                } else if (pendingSpace || pendingTab) {
                    out.append(pendingTab ? '\t' : ' ');
                }
                pendingSpace = false;
                pendingTab = false;
                out.append(c);
            }
        }
        return wrote;
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\f' || c == '\u000B' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    private static boolean isInvisible(char c) {
        return Character.isISOControl(c) || c == '\u200B' || c == '\uFEFF' || c == '\u00AD' || c == '\u2060';
    }
}
