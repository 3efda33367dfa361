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
            "(?<![\\d.,])(?:\\d{4}([ \\u00A0-]?)\\d{4}\\1\\d{4}\\1\\d{4}(?:\\1\\d{3})?"
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
        String out = replace(url, text, match -> {
            String link = withoutTrailingPunctuation(match.group());
            String rest = match.group().substring(link.length());
            return isPersonalOrSecret(link) ? counted(PiiKind.LINK, tally) + rest : null;
        });
        out = replace(EMAIL, out, match -> counted(PiiKind.EMAIL, tally));
        out = replace(TOKEN, out, match -> counted(PiiKind.TOKEN, tally));
        out = replace(CARD, out, match -> Luhn.isValid(match.group().replaceAll("[^0-9]", ""))
                ? counted(PiiKind.CARD, tally) : null);
        for (Pattern phone : PHONES) {
            out = replace(phone, out, match -> {
                int digits = match.group().replaceAll("[^0-9]", "").length();
                return digits >= 7 && digits <= 15 ? counted(PiiKind.PHONE, tally) : null;
            });
        }
        return replace(USERNAME, out, match -> counted(PiiKind.USERNAME, tally));
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
