package ru.saigabot.bot.extract;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which regular expressions llama.cpp's json-schema-to-grammar (b4916) turns into a grammar that is both buildable
 * and JSON. Its translator copies a pattern into the grammar almost as it is, inside the JSON string's quotes, so
 * anything that could stand for a quote or a control character makes the model write broken JSON, and some syntax
 * breaks the converter itself (measured with java-llama.cpp 4.2.0):
 * <ul>
 *   <li>no leading {@code ^} or trailing {@code $}: a C++ exception, which aborts the JVM;</li>
 *   <li>{@code (?:…)}, {@code (?=…)} and the like: a segmentation fault;</li>
 *   <li>{@code .} and {@code [^…]}: the grammar lets the model write a raw {@code "} into the string;</li>
 *   <li>{@code \d}, {@code \.}, {@code [\-]}: copied as grammar escapes that llama.cpp's grammar parser refuses.</li>
 * </ul>
 * So a pattern is a plain subset: literals, a few escaped metacharacters, positive character classes of safe
 * characters, groups, alternation and greedy quantifiers.
 */
final class PatternCheck {
    /** The most repetitions a {@code {n,m}} may ask for: llama.cpp expands each into rules of its own. */
    static final int MAX_REPEAT = 1000;
    /** Escapes llama.cpp turns back into the plain character; it copies any other escape into the grammar. */
    private static final String ESCAPABLE = "[](){}|*+?";
    /** Escapes llama.cpp's grammar parser reads inside a character class. */
    private static final String ESCAPABLE_IN_CLASS = "[]";
    private static final Pattern COUNTS = Pattern.compile("(?<!\\\\)\\{([0-9]+)(?:,([0-9]*))?}");

    private PatternCheck() {}

    /** Why llama.cpp cannot use {@code pattern}, or empty when it can. */
    static Optional<String> problem(String pattern) {
        if (pattern.length() < 2 || pattern.charAt(0) != '^' || !endsWithAnchor(pattern)) {
            return Optional.of("must start with '^' and end with '$' (llama.cpp requires both anchors)");
        }
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            return Optional.of("is not a valid regular expression: " + e.getDescription());
        }
        return scan(pattern.substring(1, pattern.length() - 1));
    }

    /** How many rules llama.cpp expands for the counted repetitions of a pattern that passed: the largest counts. */
    static long repetitions(String pattern) {
        long rules = 0;
        Matcher counts = COUNTS.matcher(pattern);
        while (counts.find()) {
            String max = counts.group(2) == null || counts.group(2).isEmpty() ? counts.group(1) : counts.group(2);
            rules += Long.parseLong(max);
        }
        return rules;
    }

    private static boolean endsWithAnchor(String pattern) {
        int backslashes = 0;
        for (int i = pattern.length() - 2; i >= 0 && pattern.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return pattern.charAt(pattern.length() - 1) == '$' && backslashes % 2 == 0;
    }

    /** Walks a pattern that compiled, so every class, group and repetition in it is well formed. */
    private static Optional<String> scan(String body) {
        char previous = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            Optional<String> problem = Optional.empty();
            if (isUnsafe(c)) {
                problem = Optional.of(unsafe(c));
            } else if ((c == '?' || c == '+') && isQuantifier(previous)) {
                problem = Optional.of("has a lazy or possessive quantifier, which llama.cpp does not support");
            } else if (c == '\\') {
                char next = body.charAt(++i);
                if (ESCAPABLE.indexOf(next) < 0) {
                    problem = Optional.of("has the escape '\\" + next + "': only \\" + String.join(" \\",
                            ESCAPABLE.split("")) + " are supported (write [0-9] for \\d, [.] for \\.)");
                }
                c = 'a'; // a literal
            } else if (c == '.') {
                problem = Optional.of("has '.', which would let the model write a quote into the string; use a "
                        + "character class");
            } else if (c == '^' || c == '$') {
                problem = Optional.of("has '" + c + "' inside: anchors are supported only at both ends");
            } else if (c == '(' && body.charAt(i + 1) == '?') {
                problem = Optional.of("has '(?', which crashes llama.cpp's converter; use plain groups");
            } else if (c == '[') {
                int end = classEnd(body, i);
                problem = characterClass(body.substring(i + 1, end));
                i = end;
                c = ']';
            } else if (c == '{') {
                int end = body.indexOf('}', i);
                if (end < 0) {
                    return Optional.of("has a '{' that is not a repetition");
                }
                problem = repeat(body.substring(i + 1, end));
                i = end;
                c = '}';
            }
            if (problem.isPresent()) {
                return problem;
            }
            previous = c;
        }
        return Optional.empty();
    }

    private static boolean isQuantifier(char c) {
        return c == '?' || c == '*' || c == '+' || c == '}';
    }

    private static int classEnd(String body, int start) {
        int i = start + 1;
        while (body.charAt(i) != ']') {
            i += body.charAt(i) == '\\' ? 2 : 1;
        }
        return i;
    }

    private static Optional<String> characterClass(String inside) {
        if (inside.startsWith("^")) {
            return Optional.of("has a negated class '[^...]', which would let the model write a quote; list the "
                    + "characters allowed instead");
        }
        if (inside.replace("\\[", "").contains("[") || inside.contains("&&")) {
            return Optional.of("has a nested class or '&&', which llama.cpp does not support");
        }
        int i = 0;
        while (i < inside.length()) {
            char from = inside.charAt(i);
            if (from == '\\' && ESCAPABLE_IN_CLASS.indexOf(inside.charAt(i + 1)) < 0) {
                return Optional.of("has the escape '\\" + inside.charAt(i + 1) + "' in a class: only \\[ and \\] "
                        + "are supported there (put '-' first or last)");
            }
            i += from == '\\' ? 2 : 1;
            from = inside.charAt(i - 1);
            char to = from;
            if (i + 1 < inside.length() && inside.charAt(i) == '-') {
                to = inside.charAt(i + 1);
                i += 2;
            }
            if (isUnsafe(from) || isUnsafe(to) || from <= '"' && to >= '"' || from <= '\\' && to >= '\\'
                    || from <= 0x7F && to >= 0x7F) {
                return Optional.of(from == to ? unsafe(from)
                        : "has the range '" + from + "-" + to + "', which takes in a quote, a backslash or a "
                                + "control character");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> repeat(String counts) {
        for (String count : counts.split(",")) {
            if (!count.isEmpty() && (!count.matches("[0-9]{1,4}") || Integer.parseInt(count) > MAX_REPEAT)) {
                return Optional.of("repeats something " + count + " times, at most " + MAX_REPEAT + " are allowed");
            }
        }
        return Optional.empty();
    }

    private static boolean isUnsafe(char c) {
        return c == '"' || c < ' ' || c == 0x7F;
    }

    private static String unsafe(char c) {
        return "has " + (c == '"' ? "a quote" : "a control character")
                + ", which llama.cpp would copy into the JSON string unescaped";
    }
}
