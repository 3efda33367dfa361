package ru.saigabot.bot.access;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a group message is addressed to the bot, and the question without the address. Pure, so the
 * rules are table-tested: an @mention anywhere, the short name at the start ("Сайга, …"), or a reply
 * to one of the bot's messages.
 */
public final class GroupTrigger {
    private GroupTrigger() {}

    /**
     * @param repliedToBot the message replies to one of the bot's messages
     * @param shortName    the group's short name for the bot, or null
     * @return the question to answer, or empty when the message is not for the bot
     */
    public static Optional<String> question(String text, String botUsername, boolean repliedToBot, String shortName) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String mention = "@" + botUsername;
        String stripped = text.strip();
        int at = indexOfWord(stripped, mention);
        if (at == 0) {
            String rest = trimAddress(stripped.substring(mention.length()));
            return Optional.of(rest.isEmpty() ? stripped : rest);
        }
        if (at > 0) {
            return Optional.of(stripped); // "what do you think, @bot?" reads right as it is
        }
        if (shortName != null && startsWithWord(text.strip(), shortName)) {
            String rest = trimAddress(text.strip().substring(shortName.length()));
            if (!rest.isEmpty()) {
                return Optional.of(rest);
            }
        }
        return repliedToBot ? Optional.of(text.strip()) : Optional.empty();
    }

    /** Case-insensitive position of {@code word} not glued to letters, digits or '_' on either side. */
    private static int indexOfWord(String text, String word) {
        String lower = text.toLowerCase(Locale.ROOT);
        String target = word.toLowerCase(Locale.ROOT);
        int from = 0;
        while (true) {
            int at = lower.indexOf(target, from);
            if (at < 0) {
                return -1;
            }
            int end = at + target.length();
            if (end >= text.length() || !isWordChar(text.charAt(end))) {
                return at;
            }
            from = at + 1;
        }
    }

    private static boolean startsWithWord(String text, String word) {
        return text.length() >= word.length() && text.regionMatches(true, 0, word, 0, word.length())
                && (text.length() == word.length() || !isWordChar(text.charAt(word.length())));
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** "Сайга, как дела?" → "как дела?": drops the punctuation that follows an address. */
    private static String trimAddress(String rest) {
        int i = 0;
        while (i < rest.length() && (rest.charAt(i) == ',' || rest.charAt(i) == ':' || rest.charAt(i) == '!'
                || Character.isWhitespace(rest.charAt(i)))) {
            i++;
        }
        return rest.substring(i).strip();
    }
}
