package ru.saigabot.bot.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import com.zaxxer.hikari.pool.HikariPool;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.ConfigException;

/**
 * The connection pool. The bot applies the schema from {@code migrations/} when it opens the database; inference
 * workers, which may run as a role that can change nothing but the queue, only check that it is recent enough.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * Connects and migrates. An unreachable server or bad credentials become a {@link ConfigException}
     * naming the (password-free) URL, so start-up fails with one readable line.
     */
    public static Database open(String jdbcUrl, int maxConnections) {
        return open(jdbcUrl, maxConnections, null);
    }

    /** Like {@link #open(String, int)}, with the pool's usage (hikaricp_connections_*) in {@code metrics}. */
    public static Database open(String jdbcUrl, int maxConnections, MeterRegistry metrics) {
        HikariDataSource pool = connect(jdbcUrl, maxConnections, metrics);
        try {
            var result = flyway(pool).migrate();
            // DEBUG: start-up stays silent until the bot runs, so a user error is the only line printed.
            log.debug("database ready: url={} migrations_applied={}", BotConfig.redact(jdbcUrl),
                    result.migrationsExecuted);
        } catch (FlywayException e) {
            pool.close();
            throw new ConfigException("cannot apply the schema to " + BotConfig.redact(jdbcUrl) + ": " + rootMessage(e)
                    + "; the database user needs CREATE on the schema (see README, 'Database')", e);
        }
        return new Database(pool);
    }

    /**
     * Connects to a database the bot has migrated, changing nothing: for inference workers, whose role may hold only
     * the queue's grants. Refuses, as a {@link ConfigException}, a schema older than this build's: the worker would
     * fail on its first claim instead.
     */
    public static Database openMigrated(String jdbcUrl, int maxConnections) {
        HikariDataSource pool = connect(jdbcUrl, maxConnections, null);
        try {
            requireSchema(pool, jdbcUrl);
            return new Database(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static void requireSchema(DataSource pool, String jdbcUrl) {
        MigrationInfoService info;
        try {
            info = flyway(pool).info();
        } catch (FlywayException e) {
            throw new ConfigException("cannot read the schema version of " + BotConfig.redact(jdbcUrl) + ": "
                    + rootMessage(e) + "; the database user needs SELECT on flyway_schema_history (see "
                    + "deploy/worker-role.sql)", e);
        }
        MigrationInfo[] missing = info.pending();
        if (missing.length > 0) {
            MigrationInfo current = info.current();
            throw new ConfigException("the database at " + BotConfig.redact(jdbcUrl) + (current == null
                    ? " has no schema yet" : " has schema version " + current.getVersion()) + ", and this saiga-bot "
                    + "needs version " + missing[missing.length - 1].getVersion() + ": start the bot ('saiga-bot "
                    + "run') of this version on it first, which applies the schema; a worker never changes it");
        }
    }

    private static Flyway flyway(DataSource pool) {
        return Flyway.configure().dataSource(pool).locations("classpath:db/migration").load();
    }

    /**
     * A pool whose first connection is open. An unreachable server or bad credentials become a
     * {@link ConfigException} naming the (password-free) URL.
     */
    private static HikariDataSource connect(String jdbcUrl, int maxConnections, MeterRegistry metrics) {
        HikariConfig config = new HikariConfig();
        if (metrics != null) {
            config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
        }
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("saiga-db");
        config.setMaximumPoolSize(maxConnections);
        config.setConnectionTimeout(10_000);
        // Fail start-up quickly instead of retrying for the whole connection timeout.
        config.setInitializationFailTimeout(1);
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("ApplicationName", "saiga-bot");
        // PostgreSQL's error details quote row values, i.e. users' messages; keep them out of logs.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new ConfigException("cannot connect to the database at " + BotConfig.redact(jdbcUrl) + ": "
                    + rootMessage(e) + "; check that PostgreSQL runs there and the URL, user and password are right", e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(SqlFunction<Connection, T> work) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T value = work.apply(connection);
                connection.commit();
                return value;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("database transaction failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one transaction and then, once it has committed, what it registered with
     * {@link Tx#afterCommit}; nothing of that when it rolls back.
     */
    public <T> T transact(SqlFunction<Tx, T> work) {
        Pending pending = new Pending();
        T value = inTransaction(connection -> work.apply(pending.on(connection)));
        pending.run();
        return value;
    }

    /** Like {@link #transact}, with each statement committed on its own: for work of one statement. */
    public <T> T autoCommit(SqlFunction<Tx, T> work) {
        Pending pending = new Pending();
        T value = query(connection -> work.apply(pending.on(connection)));
        pending.run();
        return value;
    }

    /** Runs one auto-committed statement group. */
    public <T> T query(SqlFunction<Connection, T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new StoreException("database query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The after-commit actions of one {@link #transact} or {@link #autoCommit}. */
    private static final class Pending implements Tx {
        private final List<Runnable> actions = new ArrayList<>();
        private Connection connection;

        Tx on(Connection value) {
            connection = value;
            return this;
        }

        @Override
        public Connection connection() {
            return connection;
        }

        @Override
        public void afterCommit(Runnable action) {
            actions.add(action);
        }

        void run() {
            for (Runnable action : actions) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    // Committed already: a cache that missed the change reads the database again on its next miss.
                    log.error("after-commit step failed: error={}", e.getMessage(), e);
                }
            }
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
