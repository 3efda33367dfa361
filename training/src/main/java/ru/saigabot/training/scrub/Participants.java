package ru.saigabot.training.scrub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The people of one conversation, without their identities: in a group each author becomes
 * "Участник 1", "Участник 2"… in the order they first spoke, and their names (first name, username)
 * are replaced wherever they appear in the conversation's text — by their label in a group, by
 * {@code [NAME]} in a private chat where there is only one person to refer to.
 */
public final class Participants {
    /** Shorter names ("Я", "Ли") are mostly ordinary words; replacing them would mangle the text. */
    static final int MIN_NAME_LENGTH = 3;

    private final boolean group;
    private final Map<Long, Integer> numbers = new HashMap<>();
    private final Map<String, String> replacements = new HashMap<>();
    private Pattern names;

    public Participants(boolean group) {
        this.group = group;
    }

    /** Registers an author (null when their account was deleted); returns their label in a group. */
    public String register(Long authorId, String firstName, String username) {
        if (authorId == null) {
            return label(0);
        }
        Integer number = numbers.get(authorId);
        if (number == null) {
            number = numbers.size() + 1;
            numbers.put(authorId, number);
            String replacement = group ? label(number) : PiiKind.NAME.placeholder();
            addName(firstName, replacement);
            addName(username, replacement);
            names = null;
        }
        return label(number);
    }

    /** The prefix of a user turn: a group's turns say who speaks, a private chat's do not need to. */
    public String speakerPrefix(Long authorId) {
        if (!group) {
            return "";
        }
        Integer number = authorId == null ? null : numbers.get(authorId);
        return label(number == null ? 0 : number) + ": ";
    }

    /** {@code text} with every registered name replaced, as whole words and ignoring case. */
    public String replaceNames(String text, PiiTally tally) {
        if (replacements.isEmpty() || !mentionsAName(text)) {
            return text;
        }
        Matcher matcher = namePattern().matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            tally.add(PiiKind.NAME);
            String replacement = replacements.get(matcher.group().toLowerCase(Locale.ROOT));
            matcher.appendReplacement(out, Matcher.quoteReplacement(
                    replacement == null ? PiiKind.NAME.placeholder() : replacement));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }

    /** A plain substring check first: the word-boundary pattern is far slower, and most texts name nobody. */
    private boolean mentionsAName(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String name : replacements.keySet()) {
            if (lower.contains(name)) {
                return true;
            }
        }
        return false;
    }

    private static String label(int number) {
        return number == 0 ? "Участник" : "Участник " + number;
    }

    private void addName(String name, String replacement) {
        if (name == null) {
            return;
        }
        String trimmed = name.strip();
        if (trimmed.codePointCount(0, trimmed.length()) >= MIN_NAME_LENGTH) {
            replacements.putIfAbsent(trimmed.toLowerCase(Locale.ROOT), replacement);
        }
    }

    private Pattern namePattern() {
        if (names == null && !replacements.isEmpty()) {
            // Longest first, so "Анна-Мария" wins over "Анна".
            List<String> sorted = new ArrayList<>(replacements.keySet());
            sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
            Set<String> quoted = new LinkedHashSet<>();
            sorted.forEach(name -> quoted.add(Pattern.quote(name)));
            names = Pattern.compile("(?<![\\p{L}\\p{N}_])(?:" + String.join("|", quoted) + ")(?![\\p{L}\\p{N}_])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
        return names;
    }
}
