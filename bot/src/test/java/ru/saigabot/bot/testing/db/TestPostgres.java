package ru.saigabot.bot.testing.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded PostgreSQL per test run (starting one costs seconds), and a fresh empty database
 * in it for every test that asks, so tests never see each other's rows.
 */
public final class TestPostgres implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final AtomicInteger databases = new AtomicInteger();

    private TestPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** The run's server, started on first use and stopped when JUnit finishes. */
    public static TestPostgres get(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(TestPostgres.class, key -> start(), TestPostgres.class);
    }

    private static TestPostgres start() {
        try {
            return new TestPostgres(EmbeddedPostgres.builder().start());
        } catch (IOException e) {
            throw new IllegalStateException("embedded PostgreSQL did not start", e);
        }
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String freshDatabase() {
        String name = "test_" + databases.incrementAndGet();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
