package ru.saigabot.training.scrub;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal data in a text with placeholders: links that identify people or carry secrets,
 * e-mail addresses, API tokens, payment card numbers (Luhn-checked), phone numbers (Russian and
 * international formats) and Telegram @usernames. Stateless and thread-safe.
 *
 * <p>The order matters: links first (they may contain @ and digits), e-mails before @usernames,
 * cards before phones (a 16-digit card would otherwise look like a phone number and text).
 */
public final class PiiScrubber {
    /** Hosts of Telegram links: every such link points at a person, a group or an invite. */
    public static final Set<String> TELEGRAM_LINK_HOSTS = Set.of("t.me", "telegram.me", "telegram.dog");

    /** Query parameters that carry credentials in the wild (OAuth, pre-signed URLs, invite codes). */
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)(?:^|[?&#;])([a-z0-9_.-]*(?:token|secret|key|passw|pwd|auth|sig|session|sid|code|ticket|credential)"
                    + "[a-z0-9_.-]*)=");
    private static final Pattern BOT_TOKEN_PATH = Pattern.compile("/bot\\d{5,}:[A-Za-z0-9_-]{10,}");

    private static final String URL_CHAR = "[^\\s<>\"'«»`]";
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}");
    private static final Pattern TOKEN = Pattern.compile(
            "(?<![\\w-])(?:\\d{8,10}:[A-Za-z0-9_-]{35}|sk-[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{36,})(?![\\w-])");
    private static final Pattern CARD = Pattern.compile(
            "(?<![\\w.,])(?:\\d{4}([ \\u00A0-]?)\\d{4}\\1\\d{4}\\1\\d{4}(?:\\1\\d{3})?"
                    + "|\\d{4}[ \\u00A0-]?\\d{6}[ \\u00A0-]?\\d{5}|\\d{13,19})(?![\\d.,]\\d|\\d)");
    private static final String SEP = "[ \\u00A0.-]*";
    private static final List<Pattern> PHONES = List.of(
            // +7 (912) 345-67-89, 8 912 345 67 89, 89123456789, 7-912-345-67-89
            Pattern.compile("(?<![\\w+])(?:\\+\\s?7|8|7)" + SEP + "(?:\\(\\d{3}\\)|\\d{3})" + SEP + "\\d{3}" + SEP
                    + "\\d{2}" + SEP + "\\d{2}(?!\\d)"),
            // +44 20 7946 0958, +1 (555) 010-0199, +380 44 123 4567
            Pattern.compile("(?<![\\w+])\\+\\d{1,3}(?:" + SEP + "(?:\\(\\d{1,4}\\)|\\d{1,4})){2,5}(?!\\d)"),
            // (495) 123-45-67, (3452) 12-34-56
            Pattern.compile("(?<!\\w)\\(\\d{3,5}\\)[ \\u00A0-]*\\d{1,3}[ -]?\\d{2}[ -]?\\d{2}(?!\\d)"),
            // 912 345-67-89 (a Russian mobile number without its +7)
            Pattern.compile("(?<![\\w+])9\\d{2}[ \\u00A0-]?\\d{3}[ \\u00A0-]?\\d{2}[ \\u00A0-]?\\d{2}(?![\\d-])"),
            // 123-45-67 (a city number)
            Pattern.compile("(?<![\\w-])\\d{3}-\\d{2}-\\d{2}(?![\\w-])"));
    private static final Pattern USERNAME = Pattern.compile(
            "(?<![\\p{L}\\p{N}_@./])@[A-Za-z][A-Za-z0-9_]{3,31}(?![A-Za-z0-9_])");

    private final Pattern url;
    private final Set<String> telegramHosts;

    private PiiScrubber(Set<String> telegramHosts) {
        this.telegramHosts = Set.copyOf(telegramHosts);
        StringBuilder hosts = new StringBuilder();
        for (String host : this.telegramHosts) {
            hosts.append(hosts.length() == 0 ? "" : "|").append(Pattern.quote(host));
        }
        // Scheme-less Telegram links are common ("пиши в t.me/..."), other scheme-less hosts are not.
        this.url = Pattern.compile("(?i)(?:\\b(?:https?|tg)://|\\bwww\\.|(?<![\\w.@/-])(?:www\\.)?(?:" + hosts + ")/)"
                + URL_CHAR + "*");
    }

    public static PiiScrubber standard() {
        return new PiiScrubber(TELEGRAM_LINK_HOSTS);
    }

    /** {@code text} with every piece of personal data replaced by its kind's placeholder, counted in {@code tally}. */
    public String scrub(String text, PiiTally tally) {
        // Cheap character checks first: most texts hold no @, no link and few digits, and skipping the
        // patterns that cannot match keeps the export of a million records CPU-light.
        String out = text;
        if (mayHoldLink(out)) {
            out = replace(url, out, match -> {
                String link = withoutTrailingPunctuation(match.group());
                String rest = match.group().substring(link.length());
                return isPersonalOrSecret(link) ? counted(PiiKind.LINK, tally) + rest : null;
            });
        }
        boolean at = out.indexOf('@') >= 0;
        if (at) {
            out = replace(EMAIL, out, match -> counted(PiiKind.EMAIL, tally));
        }
        out = replaceAtStarts(List.of(TOKEN), out, PiiScrubber::mayStartToken,
                match -> counted(PiiKind.TOKEN, tally));
        if (digits(out) >= 7) {
            out = replaceAtStarts(List.of(CARD), out, PiiScrubber::mayStartCard,
                    match -> Luhn.isValid(match.group().replaceAll("[^0-9]", "")) ? counted(PiiKind.CARD, tally) : null);
            out = replaceAtStarts(PHONES, out, PiiScrubber::mayStartPhone, match -> {
                int digits = digits(match.group());
                return digits >= 7 && digits <= 15 ? counted(PiiKind.PHONE, tally) : null;
            });
        }
        return at ? replace(USERNAME, out, match -> counted(PiiKind.USERNAME, tally)) : out;
    }

    private boolean mayHoldLink(String text) {
        if (text.indexOf('/') < 0) {
            return containsIgnoreCase(text, "www.");
        }
        return text.contains("://") || containsIgnoreCase(text, "www.") || telegramHosts.stream()
                .anyMatch(host -> containsIgnoreCase(text, host + "/"));
    }

    /** For ASCII {@code part} only; checks the first character cheaply before comparing the rest. */
    private static boolean containsIgnoreCase(String text, String part) {
        char lower = part.charAt(0);
        char upper = Character.toUpperCase(lower);
        for (int i = 0; i + part.length() <= text.length(); i++) {
            char c = text.charAt(i);
            if ((c == lower || c == upper) && text.regionMatches(true, i, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }

    private static int digits(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                count++;
            }
        }
        return count;
    }

    private boolean isPersonalOrSecret(String link) {
        String lower = link.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tg://")) {
            return true;
        }
        String afterScheme = lower.contains("://") ? lower.substring(lower.indexOf("://") + 3) : lower;
        int end = indexOfAny(afterScheme, "/?#");
        String authority = end < 0 ? afterScheme : afterScheme.substring(0, end);
        String pathAndQuery = end < 0 ? "" : link.substring(link.length() - (afterScheme.length() - end));
        if (authority.contains("@")) {
            return true; // user:password@host
        }
        String host = authority.replaceFirst(":\\d+$", "").replaceFirst("^www\\.", "");
        return telegramHosts.contains(host)
                || BOT_TOKEN_PATH.matcher(pathAndQuery).find()
                || SECRET_PARAMETER.matcher(pathAndQuery.contains("?") || pathAndQuery.contains("#")
                ? pathAndQuery.substring(indexOfAny(pathAndQuery, "?#")) : "").find();
    }

    private static String withoutTrailingPunctuation(String link) {
        int end = link.length();
        while (end > 0 && ".,;:!?)]}".indexOf(link.charAt(end - 1)) >= 0) {
            end--;
        }
        return link.substring(0, end);
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    // The start gates admit every position the patterns' own look-behinds admit (\\w is ASCII there),
    // so they change nothing but speed: inside a word or a number no pattern is even tried.
    private static boolean mayStartToken(String text, int i) {
        char c = text.charAt(i);
        return (isDigit(c) || c == 's' || c == 'g')
                && (i == 0 || !isAsciiWord(text.charAt(i - 1)) && text.charAt(i - 1) != '-');
    }

    private static boolean mayStartCard(String text, int i) {
        return isDigit(text.charAt(i))
                && (i == 0 || !isAsciiWord(text.charAt(i - 1)) && ".,".indexOf(text.charAt(i - 1)) < 0);
    }

    private static boolean mayStartPhone(String text, int i) {
        char c = text.charAt(i);
        return (isDigit(c) || c == '+' || c == '(') && (i == 0 || !isAsciiWord(text.charAt(i - 1)));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiWord(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    /** A start position test: cheap, and true wherever one of the patterns could match. */
    private interface StartGate {
        boolean mayStart(String text, int index);
    }

    /**
     * Like {@link #replace}, but tries the patterns (in order, first match wins) only at positions the
     * gate admits. Look-behinds still see the whole text (transparent bounds).
     */
    private static String replaceAtStarts(List<Pattern> patterns, String text, StartGate gate,
                                          Function<MatchResult, String> replacement) {
        Matcher[] matchers = new Matcher[patterns.size()];
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < text.length(); i++) {
            if (!gate.mayStart(text, i)) {
                continue;
            }
            for (int p = 0; p < matchers.length; p++) {
                if (matchers[p] == null) {
                    matchers[p] = patterns.get(p).matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
                }
                Matcher matcher = matchers[p].region(i, text.length());
                if (!matcher.lookingAt()) {
                    continue;
                }
                String value = replacement.apply(matcher.toMatchResult());
                if (value != null) {
                    if (out == null) {
                        out = new StringBuilder(text.length());
                    }
                    out.append(text, copied, i).append(value);
                    copied = matcher.end();
                    i = matcher.end() - 1;
                    break;
                }
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static String counted(PiiKind kind, PiiTally tally) {
        tally.add(kind);
        return kind.placeholder();
    }

    /** Replaces each match by {@code replacement}'s answer, or leaves it when the answer is null. */
    private static String replace(Pattern pattern, String text, Function<MatchResult, String> replacement) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            String value = replacement.apply(matcher.toMatchResult());
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? matcher.group() : value));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}
