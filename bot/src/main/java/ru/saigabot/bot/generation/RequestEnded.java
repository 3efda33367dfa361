package ru.saigabot.bot.generation;

import java.sql.SQLException;

/**
 * The request is no longer running when its answer comes to be stored: it was deleted meanwhile (/forget, retention,
 * its question gone) or has ended another way. The answer, already shown, is not stored.
 */
public final class RequestEnded extends SQLException {
    public RequestEnded(String message) {
        super(message);
    }
}
