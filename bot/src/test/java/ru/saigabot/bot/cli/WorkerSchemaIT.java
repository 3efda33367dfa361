package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.db.Sql;

/**
 * A worker never changes the schema (its role may hold only the queue's grants): on a database the bot of its version
 * has not migrated it refuses to start, in one line, and leaves the database as it was.
 */
@ExtendWith(FreshDatabase.class)
class WorkerSchemaIT {

    private record Outcome(int code, String err) {}

    /**
     * {@code worker} against the database, answering through a backend nobody listens on (no model to load). A worker
     * that started would run until stopped: the wait is bounded, and not starting is the outcome expected.
     */
    private static Outcome worker(DatabaseUrl db) throws Exception {
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            CommandLine line = Main.newCommandLine();
            StringWriter err = new StringWriter();
            line.setErr(new PrintWriter(err));
            line.setOut(new PrintWriter(new StringWriter()));
            Future<Integer> code = runner.submit(() -> line.execute("worker", "--db-url", db.jdbcUrl(),
                    "--backend-url", "http://127.0.0.1:9/v1", "--backend-model", "m", "--worker-id", "w1"));
            return new Outcome(code.get(60, TimeUnit.SECONDS), err.toString().strip());
        } finally {
            runner.shutdownNow();
        }
    }

    private static String version(Sql sql) throws Exception {
        return sql.strings("SELECT version FROM flyway_schema_history WHERE success "
                + "ORDER BY installed_rank DESC LIMIT 1").get(0);
    }

    @Test
    void aSchemaOlderThanTheWorkersIsRefusedAndLeftAsItWas(DatabaseUrl db) throws Exception {
        Flyway.configure().dataSource(db.jdbcUrl(), null, null).locations("classpath:db/migration").target("8")
                .load().migrate();
        Outcome outcome = worker(db);
        assertThat(outcome.code()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(outcome.err()).doesNotContain("\n").startsWith("saiga-bot: the database at jdbc:postgresql:")
                .contains(" has schema version 8, and this saiga-bot needs version ")
                .endsWith("start the bot ('saiga-bot run') of this version on it first, which applies the schema; "
                        + "a worker never changes it");
        assertThat(version(new Sql(db))).as("not migrated by the worker").isEqualTo("8");
    }

    @Test
    void aDatabaseWithNoSchemaIsRefusedAndLeftEmpty(DatabaseUrl db) throws Exception {
        Outcome outcome = worker(db);
        assertThat(outcome.code()).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(outcome.err()).doesNotContain("\n").contains(" has no schema yet, and this saiga-bot needs version ");
        assertThat(new Sql(db).number("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();
    }
}
