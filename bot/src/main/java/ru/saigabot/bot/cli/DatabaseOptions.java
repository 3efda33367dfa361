package ru.saigabot.bot.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.EmbeddedPostgresServer;

/**
 * The database options of the commands that work on the bot's data without running it ({@code train},
 * {@code adapters}): the same settings, environment variables and defaults as {@code run}.
 */
final class DatabaseOptions {

    @Option(names = "--db-url", defaultValue = "${env:DATABASE_URL}", paramLabel = "URL",
            description = "jdbc:postgresql: URL [env DATABASE_URL]; without it the embedded PostgreSQL under --data-dir.")
    String dbUrl;

    @Option(names = "--data-dir", defaultValue = "${env:SAIGA_DATA_DIR:-${sys:user.home}/.local/share/saiga-bot}",
            paramLabel = "DIR",
            description = "Where the embedded database lives [env SAIGA_DATA_DIR] (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    /** An open database: the external one, or the embedded one started for this command and stopped with it. */
    record Opened(Database database, EmbeddedPostgresServer embedded) implements AutoCloseable {
        @Override
        public void close() {
            try {
                database.close();
            } finally {
                if (embedded != null) {
                    embedded.close();
                }
            }
        }
    }

    Opened open() {
        Optional<String> url = Optional.ofNullable(dbUrl).filter(u -> !u.isBlank());
        url.ifPresent(u -> {
            if (!u.startsWith("jdbc:postgresql:")) {
                throw new ConfigException("--db-url must be a jdbc:postgresql: URL; got '" + BotConfig.redact(u) + "'");
            }
        });
        EmbeddedPostgresServer embedded = url.isPresent() ? null : EmbeddedPostgresServer.start(dataDir);
        try {
            // A lambda, not embedded::jdbcUrl: a method reference would dereference the null embedded at once.
            return new Opened(Database.open(url.orElseGet(() -> embedded.jdbcUrl()), 3), embedded);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }
}
