package ru.saigabot.bot.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.saigabot.bot.testing.app.RunningBot.WAIT;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.db.PsqlScript;
import ru.saigabot.bot.testing.db.Sql;
import ru.saigabot.bot.testing.inference.ScriptedEngine;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/**
 * The database role of {@code deploy/worker-role.sql}, made by the shipped script as an operator would: a worker
 * logged in with it answers through the queue, and reads or changes nothing else.
 */
@ExtendWith(FreshDatabase.class)
class WorkerRoleIT {
    private static final Path SCRIPT = repositoryFile("deploy/worker-role.sql");

    private static Path repositoryFile(String path) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(path))) {
                return dir.resolve(path);
            }
        }
        throw new IllegalStateException("no " + path + " above " + Path.of("").toAbsolutePath());
    }

    /** Roles belong to the whole server, which the tests share: one per test database. */
    private static String roleFor(DatabaseUrl db) {
        Matcher name = Pattern.compile("/(\\w+)\\?").matcher(db.jdbcUrl());
        assertThat(name.find()).as(db.jdbcUrl()).isTrue();
        return "saiga_worker_of_" + name.group(1);
    }

    /** Runs the shipped script for {@code role}; returns the URL that logs in as it. */
    private static String createRole(DatabaseUrl db, String role, String password) throws Exception {
        PsqlScript.run(db.jdbcUrl(), SCRIPT, Map.of("role", role, "password", password));
        return db.jdbcUrl().replaceFirst("user=[^&]*", "user=" + role + "&password=" + password);
    }

    @Test
    void aWorkerLoggedInWithTheRoleAnswersAndCannotReadTheChats(DatabaseUrl db, @TempDir Path dir) throws Exception {
        try (RunningBot running = RunningBot.startQueued(db, dir, RunningBot.options(512))) {
            String asWorker = createRole(db, roleFor(db), "worker-password");
            try (Database database = Database.openMigrated(asWorker, 4);
                 InferenceWorker worker = new InferenceWorker(database,
                         new InferenceQueue(GenerationRepository.forWorker()),
                         new ScriptedEngine("Ответ воркера с урезанными правами.", 5, Duration.ofMillis(20)),
                         new WireFormat(new ObjectMapper()),
                         new InferenceWorker.Settings("restricted", 1, 30, Duration.ofMillis(100), Duration.ofSeconds(2)))) {
                worker.start();
                BotApiEmulator telegram = running.telegram;
                TestUser ann = telegram.user(5401, "Аня", "ru");
                TestChat chat = telegram.privateChat(ann);

                telegram.sendText(chat, ann, "Привет!");
                BotMessage answer = telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(), WAIT);
                assertThat(answer.text()).isEqualTo("Ответ воркера с урезанными правами.");
                assertThat(Await.until(WAIT, () -> running.sql.strings("SELECT status FROM generation "
                        + "WHERE chat_id = ?", chat.id()), rows -> rows.equals(List.of("done"))))
                        .containsExactly("done");
                assertThat(running.sql.strings("SELECT id FROM inference_worker")).as("its heartbeat")
                        .containsExactly("restricted");
            }

            try (Connection worker = DriverManager.getConnection(asWorker);
                 Statement statement = worker.createStatement()) {
                for (String table : List.of("message", "conversation", "chat", "tg_user", "telegram_update",
                        "feedback", "preference_pair")) {
                    assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM " + table).close()).as(table)
                            .hasMessageContaining("permission denied for table " + table);
                }
                for (String sql : List.of("SELECT chat_id FROM generation",
                        "UPDATE generation SET status = 'done'", "DELETE FROM generation",
                        "SELECT delta FROM generation_part", "DELETE FROM generation_part")) {
                    assertThatThrownBy(() -> statement.execute(sql)).as(sql).hasMessageContaining("permission denied");
                }
            }
        }
    }

    @Test
    void theScriptGrantsExactlyTheQueuesPrivilegesAndCanBeRunAgain(DatabaseUrl db) throws Exception {
        String role = roleFor(db);
        Database.open(db.jdbcUrl(), 2).close();
        createRole(db, role, "first");
        Sql sql = new Sql(db);
        // Something granted by hand, or by an earlier version of the script, does not survive the next run.
        try (Connection owner = DriverManager.getConnection(db.jdbcUrl());
             Statement statement = owner.createStatement()) {
            statement.execute("GRANT SELECT ON message TO " + role + "; GRANT SELECT (chat_id) ON generation TO " + role);
        }
        String asWorker = createRole(db, role, "second");

        assertThat(sql.strings("SELECT c.relname || ' ' || x.privilege_type FROM pg_class c, aclexplode(c.relacl) x "
                + "WHERE x.grantee = to_regrole(?) ORDER BY 1", role)).containsExactly(
                "flyway_schema_history SELECT",
                "inference_worker DELETE", "inference_worker INSERT", "inference_worker SELECT",
                "inference_worker UPDATE");
        assertThat(sql.strings("SELECT c.relname || '.' || a.attname || ' ' || x.privilege_type FROM pg_class c "
                + "JOIN pg_attribute a ON a.attrelid = c.oid, aclexplode(a.attacl) x "
                + "WHERE x.grantee = to_regrole(?) ORDER BY 1", role)).containsExactly(
                "generation.id SELECT",
                "generation.inference_attempt SELECT", "generation.inference_attempt UPDATE",
                "generation.inference_claim_limit SELECT",
                "generation.inference_claims SELECT", "generation.inference_claims UPDATE",
                "generation.inference_request SELECT",
                "generation.inference_result SELECT", "generation.inference_result UPDATE",
                "generation.lease_until SELECT", "generation.lease_until UPDATE",
                "generation.requested_by SELECT",
                "generation.status SELECT",
                "generation.worker_id SELECT", "generation.worker_id UPDATE",
                "generation_part.attempt INSERT", "generation_part.delta INSERT",
                "generation_part.generation_id INSERT", "generation_part.seq INSERT");
        assertThat(sql.rows("SELECT rolcanlogin, rolpassword IS NOT NULL, rolsuper, rolcreatedb, rolcreaterole, "
                + "rolreplication, rolbypassrls FROM pg_authid WHERE rolname = ?", role))
                .containsExactly(List.of(true, true, false, false, false, false, false));
        try (Database database = Database.openMigrated(asWorker, 2)) {
            assertThat(database.<Integer>query(new InferenceQueue(GenerationRepository.forWorker())::waiting)).isZero();
        }
    }
}
