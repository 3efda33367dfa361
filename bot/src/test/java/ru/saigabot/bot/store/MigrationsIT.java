package ru.saigabot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;

/** The schema in migrations/ applies to an empty PostgreSQL, and applying it again changes nothing. */
@ExtendWith(FreshDatabase.class)
class MigrationsIT {

    @Test
    void appliesToAnEmptyDatabaseAndReappliesIdempotently(DatabaseUrl url) throws Exception {
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(url.jdbcUrl());
            Flyway flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();
            assertThat(flyway.migrate().migrationsExecuted).isGreaterThan(0);
            assertThat(flyway.migrate().migrationsExecuted).isZero();
            assertThat(flyway.validateWithResult().validationSuccessful).isTrue();

            try (Connection connection = dataSource.getConnection();
                 ResultSet tables = connection.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
                List<String> names = new ArrayList<>();
                while (tables.next()) {
                    names.add(tables.getString("TABLE_NAME"));
                }
                assertThat(names).contains("tg_user", "chat", "conversation", "message", "feedback",
                        "feedback_event", "telegram_update", "generation");
            }
        }
    }

    @Test
    void openingTheDatabaseMigratesItAndReopeningKeepsTheData(DatabaseUrl url) {
        try (Database database = Database.open(url.jdbcUrl(), 2)) {
            database.inTransaction(tx -> tx.createStatement().executeUpdate(
                    "INSERT INTO telegram_update (update_id, kind, payload) VALUES (1, 'message', '{}')"));
        }
        try (Database database = Database.open(url.jdbcUrl(), 2)) {
            Integer count = database.query(connection -> {
                try (ResultSet row = connection.createStatement().executeQuery("SELECT count(*) FROM telegram_update")) {
                    row.next();
                    return row.getInt(1);
                }
            });
            assertThat(count).isEqualTo(1);
        }
    }

    /**
     * V8 turned the single-column checks of message and generation into domains and their two foreign keys
     * into one on (conversation, chat): a database upgraded with rows in it keeps them, and every rule still
     * refuses what it refused before.
     */
    @Test
    void theCheckedColumnsKeepTheirRowsAndRulesAcrossTheUpgradeToDomains(DatabaseUrl url) throws Exception {
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(url.jdbcUrl());
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                    .target(MigrationVersion.fromVersion("7")).load().migrate();
            try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
                sql.execute("INSERT INTO tg_user (id, first_name) VALUES (1, 'Аня')");
                sql.execute("INSERT INTO chat (id, kind) VALUES (1, 'private')");
                sql.execute("INSERT INTO conversation (id, chat_id, system_prompt) VALUES (1, 1, 'Ты помощник.')");
                sql.execute("INSERT INTO message (id, conversation_id, chat_id, role, author_id, content) "
                        + "VALUES (1, 1, 1, 'user', 1, 'Привет')");
                sql.execute("INSERT INTO generation (chat_id, conversation_id, user_message_id, requested_by) "
                        + "VALUES (1, 1, 1, 1)");
            }

            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

            try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
                try (ResultSet row = sql.executeQuery("SELECT g.status, g.reason, m.role, m.status FROM generation g "
                        + "JOIN message m ON m.id = g.user_message_id WHERE g.status IN ('queued', 'running')")) {
                    assertThat(row.next()).isTrue();
                    assertThat(List.of(row.getString(1), row.getString(2), row.getString(3), row.getString(4)))
                            .containsExactly("queued", "message", "user", "complete");
                }
                // the partial unique index still holds one open request per user message
                assertRefused(sql, "INSERT INTO generation (chat_id, conversation_id, user_message_id) VALUES (1, 1, 1)");
                assertRefused(sql, "UPDATE generation SET status = 'lost'");
                assertRefused(sql, "UPDATE generation SET reason = 'whim'");
                assertRefused(sql, "UPDATE generation SET reason = 'arena', arena_side = 'c', arena_shown = 'A'");
                assertRefused(sql, "UPDATE generation SET reason = 'arena', arena_side = 'a', arena_shown = 'C'");
                assertRefused(sql, "UPDATE generation SET arena_side = 'a', arena_shown = 'A'"); // the table check
                assertRefused(sql, "UPDATE message SET role = 'system'");
                assertRefused(sql, "UPDATE message SET status = 'lost'");
                sql.execute("UPDATE generation SET status = 'done', reason = 'arena', arena_side = 'b', arena_shown = 'A'");

                // a row cannot name another chat's conversation; deleting the chat still takes its rows along
                sql.execute("INSERT INTO chat (id, kind) VALUES (2, 'private')");
                assertRefused(sql, "INSERT INTO message (conversation_id, chat_id, role, content) "
                        + "VALUES (1, 2, 'user', 'Чужой разговор')");
                assertRefused(sql, "INSERT INTO generation (chat_id, conversation_id, user_message_id) VALUES (2, 1, 1)");
                sql.execute("DELETE FROM chat WHERE id = 1");
                try (ResultSet row = sql.executeQuery(
                        "SELECT (SELECT count(*) FROM message) + (SELECT count(*) FROM generation)")) {
                    row.next();
                    assertThat(row.getLong(1)).isZero();
                }
            }
        }
    }

    private static void assertRefused(Statement sql, String statement) {
        assertThatThrownBy(() -> sql.execute(statement)).as(statement).isInstanceOf(SQLException.class);
    }
}
