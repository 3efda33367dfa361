package ru.saigabot.bot.config;

/**
 * A problem the operator can fix (a missing token, a bad path, an unreachable database). The
 * command line prints its message as one line and exits with code 2, without a stack trace.
 */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
