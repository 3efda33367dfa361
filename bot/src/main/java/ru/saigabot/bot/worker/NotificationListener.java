package ru.saigabot.bot.worker;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a PostgreSQL {@code LISTEN} channel on a connection of its own and hands each payload on, so
 * the bot shows a worker's text as soon as it is written and idle workers start on a job at once.
 * Notifications are a shortcut, not the record: one sent while the connection was being replaced is
 * lost, so after every (re)connect {@code onReconnect} runs and the callers also poll now and then.
 */
public final class NotificationListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);
    private static final int WAIT_MILLIS = 500;
    private static final long RETRY_MILLIS = 1000;

    private final DataSource dataSource;
    private final String channel;
    private final Consumer<String> onPayload;
    private final Runnable onReconnect;
    private final Thread thread;
    private volatile boolean running = true;

    public NotificationListener(DataSource dataSource, String channel, Consumer<String> onPayload,
                                Runnable onReconnect) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain channel name: " + channel);
        }
        this.dataSource = dataSource;
        this.channel = channel;
        this.onPayload = onPayload;
        this.onReconnect = onReconnect;
        this.thread = new Thread(this::run, "listen-" + channel);
        thread.setDaemon(true);
    }

    public NotificationListener start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + channel);
                }
                onReconnect.run();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        hand(notification.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    // The database restarted or the network blinked: callers still poll, so nothing is lost.
                    log.warn("listening on {} failed, reconnecting in {} ms: {}", channel, RETRY_MILLIS,
                            e.getMessage());
                    pause();
                }
            }
        }
    }

    private void hand(String payload) {
        try {
            onPayload.accept(payload);
        } catch (RuntimeException e) {
            log.warn("notification on {} not handled: payload={} error={}", channel, payload, e.getMessage(), e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(WAIT_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
