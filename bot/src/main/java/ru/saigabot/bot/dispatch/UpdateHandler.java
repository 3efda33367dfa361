package ru.saigabot.bot.dispatch;

import java.sql.SQLException;

/** Handles one kind of update; its database writes share the transaction that marks the update handled. */
@FunctionalInterface
public interface UpdateHandler {
    void handle(UpdateContext context) throws SQLException;
}
