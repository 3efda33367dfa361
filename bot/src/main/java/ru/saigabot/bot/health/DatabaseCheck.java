package ru.saigabot.bot.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * The database answers. A connection from a pool whose server is gone can take the pool's whole
 * connection timeout to fail, so the probe runs on its own thread and {@code /readyz} waits for it
 * only so long; probes do not pile up behind a hanging one.
 */
public final class DatabaseCheck implements ReadinessCheck {
    private final DataSource dataSource;
    private final Duration timeout;
    private final Executor executor;
    private CompletableFuture<Optional<String>> inFlight;

    public DatabaseCheck(DataSource dataSource, Duration timeout, Executor executor) {
        this.dataSource = dataSource;
        this.timeout = timeout;
        this.executor = executor;
    }

    @Override
    public Optional<String> problem() {
        CompletableFuture<Optional<String>> probe;
        synchronized (this) {
            if (inFlight == null || inFlight.isDone()) {
                inFlight = CompletableFuture.supplyAsync(this::probe, executor);
            }
            probe = inFlight;
        }
        try {
            return probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Optional.of("no answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("check interrupted");
        } catch (ExecutionException e) {
            return Optional.of(String.valueOf(e.getCause().getMessage()));
        }
    }

    private Optional<String> probe() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid((int) Math.max(1, timeout.toSeconds())) ? Optional.empty()
                    : Optional.of("connection not valid");
        } catch (SQLException e) {
            return Optional.of(firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unreachable" : message.lines().findFirst().orElse("unreachable");
    }
}
