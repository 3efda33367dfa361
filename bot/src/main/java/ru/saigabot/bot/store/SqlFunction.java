package ru.saigabot.bot.store;

import java.sql.SQLException;

/** A step of database work that may throw {@link SQLException}. */
@FunctionalInterface
public interface SqlFunction<I, O> {
    O apply(I input) throws SQLException;
}
