package ru.saigabot.bot.store;

import java.sql.Connection;

/**
 * A transaction in progress: its connection, and what to do once it has committed. Stores that keep a copy of
 * their data in memory ({@link ConversationCache}) update it through {@link #afterCommit}, so the copy never
 * holds what the database does not, and callers never update a cache by hand.
 */
public interface Tx {
    Connection connection();

    /** Runs {@code action} after the commit; not at all when the transaction rolls back. */
    void afterCommit(Runnable action);
}
