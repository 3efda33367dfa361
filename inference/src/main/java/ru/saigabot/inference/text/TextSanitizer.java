package ru.saigabot.inference.text;

/**
 * Removes what a model can emit but no reader wants: C0 control characters other than tab and line
 * breaks (a random or confused model can produce a NUL byte token, which PostgreSQL refuses to store
 * in text), DEL, and halves of surrogate pairs.
 */
public final class TextSanitizer {
    private TextSanitizer() {}

    public static String clean(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean keep;
            if (Character.isHighSurrogate(c)) {
                keep = i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
                if (keep) {
                    if (out != null) {
                        out.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else if (Character.isLowSurrogate(c)) {
                keep = false;
            } else {
                keep = c >= 0x20 && c != 0x7F || c == '\n' || c == '\t' || c == '\r';
            }
            if (!keep && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            } else if (keep && out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
