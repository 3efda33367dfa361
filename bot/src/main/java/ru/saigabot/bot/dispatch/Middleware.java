package ru.saigabot.bot.dispatch;

import java.sql.SQLException;

/**
 * A step run for every update a route handles, before its handler, in the update's transaction: it fills in
 * what every handler would otherwise do first by hand.
 */
@FunctionalInterface
public interface Middleware {
    void apply(UpdateContext context) throws SQLException;
}
