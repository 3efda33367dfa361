package ru.saigabot.training.clean;

import java.text.Normalizer;
import java.util.Locale;

/** Pure text rules of the cleaning: trivially short turns, and the normalised form duplicates are found by. */
public final class TextChecks {
    /** A turn needs this many letters or digits to teach anything ("ок", "да", "+", "?" do not). */
    public static final int MIN_SIGNIFICANT_CHARACTERS = 3;

    private TextChecks() {}

    /** True for null, blank, or fewer than {@link #MIN_SIGNIFICANT_CHARACTERS} letters or digits. */
    public static boolean isTrivial(String text) {
        if (text == null) {
            return true;
        }
        int significant = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (Character.isLetterOrDigit(codePoint) && ++significant >= MIN_SIGNIFICANT_CHARACTERS) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    /**
     * The text duplicates are compared by: Unicode-compatibility folded, lower case, {@code ё} as
     * {@code е}, every run of characters that are not letters or digits as one space, trimmed. So
     * "Привет!!", "привет" and " ПРИВЕТ " are one prompt; "Привет, мир" and "Привет мир?" too.
     */
    public static String normalise(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replace('ё', 'е');
        StringBuilder out = new StringBuilder(folded.length());
        boolean gap = false;
        for (int i = 0; i < folded.length(); ) {
            int codePoint = folded.codePointAt(i);
            if (Character.isLetterOrDigit(codePoint)) {
                if (gap && out.length() > 0) {
                    out.append(' ');
                }
                out.appendCodePoint(codePoint);
                gap = false;
            } else {
                gap = true;
            }
            i += Character.charCount(codePoint);
        }
        return out.toString();
    }
}
