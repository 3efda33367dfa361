package ru.saigabot.bot.dispatch;

import java.util.Locale;
import java.util.Optional;

/**
 * A bot command as Telegram users type it: {@code /name}, optionally {@code @BotName}, then arguments.
 *
 * @param addressee the bot username after '@', or empty when none was given
 */
public record Command(String name, String addressee, String arguments) {

    /** Parses {@code text}; empty when it is not a command. Names are case-insensitive. */
    public static Optional<Command> parse(String text) {
        if (text == null || text.length() < 2 || text.charAt(0) != '/') {
            return Optional.empty();
        }
        int end = 1;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        String head = text.substring(1, end);
        String arguments = text.substring(end).strip();
        int at = head.indexOf('@');
        String name = at < 0 ? head : head.substring(0, at);
        String addressee = at < 0 ? "" : head.substring(at + 1);
        if (name.isEmpty() || !name.chars().allMatch(c -> c == '_' || Character.isLetterOrDigit(c))) {
            return Optional.empty();
        }
        return Optional.of(new Command(name.toLowerCase(Locale.ROOT), addressee, arguments));
    }

    /** True when the command names no bot or names this one. */
    public boolean isFor(String botUsername) {
        return addressee.isEmpty() || addressee.equalsIgnoreCase(botUsername);
    }
}
