package ru.saigabot.bot.testing.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import ru.saigabot.bot.testing.Await;

/** Reads what the bot stored, straight from PostgreSQL, for assertions. */
public final class Sql {
    private final String jdbcUrl;

    public Sql(FreshDatabase.DatabaseUrl db) {
        this.jdbcUrl = db.jdbcUrl();
    }

    /** Every row of a query, each as a list of its columns' values. */
    public List<List<Object>> rows(String sql, Object... params) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                int columns = row.getMetaData().getColumnCount();
                while (row.next()) {
                    List<Object> values = new ArrayList<>(columns);
                    for (int c = 1; c <= columns; c++) {
                        values.add(row.getObject(c));
                    }
                    rows.add(values);
                }
            }
            return rows;
        }
    }

    /** The first column of a one-row query, as a long (counts, ids). */
    public long number(String sql, Object... params) throws SQLException {
        List<List<Object>> rows = rows(sql, params);
        if (rows.size() != 1) {
            throw new IllegalStateException(rows.size() + " rows for " + sql);
        }
        return ((Number) rows.get(0).get(0)).longValue();
    }

    /** The first column of every row, as text. */
    public List<String> strings(String sql, Object... params) throws SQLException {
        List<String> values = new ArrayList<>();
        for (List<Object> row : rows(sql, params)) {
            values.add(row.get(0) == null ? null : row.get(0).toString());
        }
        return values;
    }

    /**
     * Waits until a session of this database waits for a row lock, or until {@code work}, which is expected
     * to wait for one, ended without waiting.
     */
    public void awaitLockWaitOrEnd(Future<?> work, Duration timeout) throws Exception {
        Await.until(timeout, () -> work.isDone() || number("SELECT count(*) FROM pg_stat_activity "
                + "WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0);
    }
}
