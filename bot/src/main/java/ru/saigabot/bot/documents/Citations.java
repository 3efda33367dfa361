package ru.saigabot.bot.documents;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model's references to passages, "[2]" or "[1, 3]". A number no passage had is removed (a small model makes
 * them up), with the space before it; the numbers that stay say which sources the answer used.
 */
public final class Citations {
    private static final Pattern REFERENCE = Pattern.compile(" ?\\[(\\d{1,3}(?:\\s*,\\s*\\d{1,3})*)]");

    /** @param text the answer without its invalid references; cited the valid numbers, in order of appearance */
    public record Checked(String text, Set<Integer> cited) {
    }

    private Citations() {
    }

    /** @param given how many passages the question was given, numbered from 1 */
    public static Checked check(String answer, int given) {
        Set<Integer> cited = new LinkedHashSet<>();
        Matcher matcher = REFERENCE.matcher(answer);
        StringBuilder out = new StringBuilder(answer.length());
        while (matcher.find()) {
            StringBuilder kept = new StringBuilder();
            for (String number : matcher.group(1).split(",")) {
                int n = Integer.parseInt(number.strip());
                if (n >= 1 && n <= given) {
                    cited.add(n);
                    kept.append(kept.length() == 0 ? "" : ", ").append(n);
                }
            }
            String replacement = kept.length() == 0 ? ""
                    : (matcher.group().startsWith(" ") ? " " : "") + "[" + kept + "]";
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return new Checked(out.toString(), cited);
    }
}
