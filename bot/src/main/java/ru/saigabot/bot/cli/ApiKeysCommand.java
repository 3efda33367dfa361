package ru.saigabot.bot.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import ru.saigabot.bot.api.keys.ApiKey;
import ru.saigabot.bot.api.keys.ApiKeyStore;
import ru.saigabot.bot.config.ConfigException;

/** {@code saiga-bot api-keys}: the keys programs use on the OpenAI-compatible API. */
@Command(name = "api-keys", mixinStandardHelpOptions = true,
        description = {"Make, list and revoke keys for the OpenAI-compatible API.",
                "Works on the same database as 'run' (stop the bot first when it uses the embedded one); a revoked "
                        + "key is refused on its next request."},
        subcommands = {ApiKeysCommand.Add.class, ApiKeysCommand.ListKeys.class, ApiKeysCommand.Revoke.class})
final class ApiKeysCommand implements Runnable {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing command: try 'saiga-bot api-keys add NAME', 'api-keys list' or 'api-keys revoke NAME'");
    }

    /** Runs {@code work} on the store of the database the options name, turning its refusals into user errors. */
    static <T> T withStore(DatabaseOptions options, Function<ApiKeyStore, T> work) {
        try (DatabaseOptions.Opened opened = options.open()) {
            return work.apply(new ApiKeyStore(opened.database()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Make a key and print it; it is shown this once.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME",
                description = "Who uses the key: 1 to 64 of A-Z, a-z, 0-9, '-', '_', '.'.")
        String name;

        @Option(names = "--requests-per-minute", paramLabel = "N",
                description = "At most N requests in any minute (default: no limit beyond the queue's).")
        Integer requestsPerMinute;

        @Mixin
        DatabaseOptions databaseOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            // Checked before the database opens: a typo should not cost starting the embedded PostgreSQL.
            try {
                ApiKey.checkName(name);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
            if (requestsPerMinute != null && requestsPerMinute < 1) {
                throw new ConfigException("--requests-per-minute must be at least 1, or left out for no per-minute "
                        + "limit; got " + requestsPerMinute);
            }
            ApiKeyStore.Created created = withStore(databaseOptions, store -> store.add(name, requestsPerMinute));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Added API key %s (%s).%n", name, limit(created.apiKey()));
            out.println(created.key());
            out.println("This key is shown once: only its SHA-256 hash is stored. Keep it now; a lost key cannot be "
                    + "shown again, only revoked and replaced.");
            out.flush();
            return ExitCodes.OK;
        }

        private static String limit(ApiKey key) {
            return key.requestsPerMinute() == null ? "no per-minute limit"
                    : key.requestsPerMinute() + " requests per minute";
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show every key, revoked ones too.")
    static final class ListKeys implements Callable<Integer> {
        private static final List<String> HEADER =
                List.of("NAME", "PREFIX", "REQUESTS/MIN", "CREATED", "LAST USED", "STATUS");

        @Mixin
        DatabaseOptions databaseOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<ApiKey> keys = withStore(databaseOptions, ApiKeyStore::list);
            PrintWriter out = spec.commandLine().getOut();
            if (keys.isEmpty()) {
                out.println("No API keys; make one with 'saiga-bot api-keys add NAME'.");
            } else {
                out.print(ModelsListCommand.table(rows(keys)));
            }
            out.flush();
            return ExitCodes.OK;
        }

        static List<List<String>> rows(List<ApiKey> keys) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(HEADER);
            for (ApiKey key : keys) {
                rows.add(List.of(key.name(), key.prefix() + "…",
                        key.requestsPerMinute() == null ? "—" : key.requestsPerMinute().toString(),
                        time(key.createdAt()), key.lastUsedAt() == null ? "never" : time(key.lastUsedAt()),
                        key.active() ? "active" : "revoked at " + time(key.revokedAt())));
            }
            return rows;
        }

        private static String time(Instant instant) {
            return TIME.format(instant);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Stop a key from working; it stays listed, with its name and requests.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        DatabaseOptions databaseOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (!withStore(databaseOptions, store -> store.revoke(name))) {
                throw new ConfigException("no active API key named '" + name + "'; 'saiga-bot api-keys list' "
                        + "shows them");
            }
            spec.commandLine().getOut().println("Revoked API key " + name + ": its requests are refused from now on.");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
