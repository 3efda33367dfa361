package ru.saigabot.bot.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, FileChannel lockChannel, FileLock lock) {
        this.postgres = postgres;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

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
            long started = System.nanoTime();
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "50")
                    .start();
            log.debug("embedded PostgreSQL started: data={} port={} start_ms={}", pgData, postgres.getPort(),
                    (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedPostgresServer(postgres, channel, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof ConfigException) {
                throw (ConfigException) e;
            }
            throw new ConfigException("cannot start the embedded PostgreSQL in " + pgData + ": "
                    + Database.rootMessage(e) + "; check that the directory is writable, or use --db-url", e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() {
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
