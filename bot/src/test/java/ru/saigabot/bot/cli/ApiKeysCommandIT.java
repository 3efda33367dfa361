package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.api.keys.ApiKeyStore;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.cli.CommandRun;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;

/** {@code saiga-bot api-keys} through picocli, in-process, on a real database: what it prints and how it exits. */
@ExtendWith(FreshDatabase.class)
class ApiKeysCommandIT {
    /** Nothing listens there: a command that fails with it did not get as far as the database. */
    private static final String NO_DATABASE = "jdbc:postgresql://127.0.0.1:1/none";

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void addPrintsAWorkingKeyOnItsOwnLineOnce(DatabaseUrl db) {
        CommandRun added = run("api-keys", "add", "crm", "--requests-per-minute", "30", "--db-url", db.jdbcUrl());

        assertThat(added.code()).as(added.err()).isEqualTo(ExitCodes.OK);
        assertThat(added.lines()).hasSize(3);
        assertThat(added.lines().get(0)).isEqualTo("Added API key crm (30 requests per minute).");
        String key = added.lines().get(1);
        assertThat(key).matches("sk-saiga-[A-Za-z0-9_-]{43}");
        assertThat(added.lines().get(2)).contains("shown once").contains("only its SHA-256 hash is stored");
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            assertThat(new ApiKeyStore(database).authenticate(key)).get()
                    .satisfies(apiKey -> assertThat(apiKey.name()).isEqualTo("crm"))
                    .satisfies(apiKey -> assertThat(apiKey.requestsPerMinute()).isEqualTo(30));
        }
        assertThat(run("api-keys", "list", "--db-url", db.jdbcUrl()).out()).as("never shown again")
                .doesNotContain(key);

        CommandRun unlimited = run("api-keys", "add", "batch", "--db-url", db.jdbcUrl());
        assertThat(unlimited.code()).as(unlimited.err()).isEqualTo(ExitCodes.OK);
        assertThat(unlimited.lines().get(0)).isEqualTo("Added API key batch (no per-minute limit).");
    }

    @Test
    void refusalsAreOneLineAndExitCodeTwo(DatabaseUrl db) {
        assertThat(run("api-keys", "add", "crm", "--db-url", db.jdbcUrl()).code()).isEqualTo(ExitCodes.OK);

        CommandRun duplicate = run("api-keys", "add", "crm", "--db-url", db.jdbcUrl());
        assertThat(duplicate.code()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(duplicate.out()).isEmpty();
        assertThat(duplicate.err()).isEqualTo(
                "saiga-bot: an API key named crm exists; revoke it or choose another name" + System.lineSeparator());

        CommandRun badName = run("api-keys", "add", "два слова", "--db-url", NO_DATABASE);
        assertThat(badName.code()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(badName.err().strip()).as("refused before connecting")
                .isEqualTo("saiga-bot: API key name 'два слова' is invalid; use 1 to 64 of A-Z, a-z, 0-9, '-', '_' "
                        + "and '.'");

        CommandRun zero = run("api-keys", "add", "zero", "--requests-per-minute", "0", "--db-url", NO_DATABASE);
        assertThat(zero.code()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(zero.err().strip()).startsWith("saiga-bot: --requests-per-minute must be at least 1")
                .doesNotContain("\n");

        CommandRun unknown = run("api-keys", "revoke", "nobody", "--db-url", db.jdbcUrl());
        assertThat(unknown.code()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(unknown.err().strip())
                .isEqualTo("saiga-bot: no active API key named 'nobody'; 'saiga-bot api-keys list' shows them");

        assertThat(run("api-keys").code()).as("a subcommand is required").isEqualTo(ExitCodes.USER_ERROR);
    }

    @Test
    void listShowsEveryKeyAndRevokeStopsOne(DatabaseUrl db) {
        CommandRun empty = run("api-keys", "list", "--db-url", db.jdbcUrl());
        assertThat(empty.code()).isEqualTo(ExitCodes.OK);
        assertThat(empty.out().strip()).isEqualTo("No API keys; make one with 'saiga-bot api-keys add NAME'.");

        String crmKey = run("api-keys", "add", "crm", "--requests-per-minute", "30", "--db-url", db.jdbcUrl())
                .lines().get(1);
        run("api-keys", "add", "old-script", "--db-url", db.jdbcUrl());
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            new ApiKeyStore(database).authenticate(crmKey).orElseThrow();
        }

        CommandRun revoked = run("api-keys", "revoke", "old-script", "--db-url", db.jdbcUrl());
        assertThat(revoked.code()).as(revoked.err()).isEqualTo(ExitCodes.OK);
        assertThat(revoked.out().strip())
                .isEqualTo("Revoked API key old-script: its requests are refused from now on.");
        assertThat(run("api-keys", "revoke", "old-script", "--db-url", db.jdbcUrl()).code())
                .as("revoked already").isEqualTo(ExitCodes.USER_ERROR);

        CommandRun listed = run("api-keys", "list", "--db-url", db.jdbcUrl());
        assertThat(listed.code()).as(listed.err()).isEqualTo(ExitCodes.OK);
        List<String> lines = listed.lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("NAME +PREFIX +REQUESTS/MIN +CREATED +LAST USED +STATUS");
        String time = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC";
        assertThat(lines.get(1)).matches("crm +" + crmKey.substring(0, 12).replace("-", "\\-") + "… +30 +" + time
                + " +" + time + " +active");
        assertThat(lines.get(2)).matches("old-script +sk\\-saiga\\-.{3}… +— +" + time + " +never +revoked at " + time);
        int statusColumn = lines.get(0).indexOf("STATUS");
        assertThat(lines).allMatch(line -> line.length() > statusColumn && line.charAt(statusColumn - 1) == ' ');
    }

    @Test
    void withoutDbUrlTheKeysLiveInTheEmbeddedDatabaseUnderTheDataDirectory(@TempDir Path dataDir) {
        // An empty --db-url, as an unset DATABASE_URL gives: the embedded PostgreSQL, whatever this machine's env says.
        CommandRun added = run("api-keys", "add", "local", "--db-url=", "--data-dir", dataDir.toString());
        assertThat(added.code()).as(added.err()).isEqualTo(ExitCodes.OK);

        CommandRun listed = run("api-keys", "list", "--db-url=", "--data-dir", dataDir.toString());
        assertThat(listed.code()).as(listed.err()).isEqualTo(ExitCodes.OK);
        assertThat(listed.lines()).hasSize(2);
        assertThat(listed.lines().get(1)).startsWith("local ").contains(added.lines().get(1).substring(0, 12) + "…")
                .endsWith("active");
    }
}
