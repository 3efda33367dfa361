package ru.saigabot.bot.testing.db;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import ru.saigabot.bot.store.Tx;

/**
 * A transaction a test holds open on its own connection, to force an interleaving with another one: its
 * after-commit steps run when the test says it committed.
 */
public final class OpenTx implements Tx {
    private final Connection connection;
    private final List<Runnable> afterCommit = new ArrayList<>();

    private OpenTx(Connection connection) {
        this.connection = connection;
    }

    public static OpenTx on(Connection connection) {
        return new OpenTx(connection);
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** Commits the connection and runs what was registered for after the commit. */
    public void commit() throws java.sql.SQLException {
        connection.commit();
        afterCommit.forEach(Runnable::run);
        afterCommit.clear();
    }
}
