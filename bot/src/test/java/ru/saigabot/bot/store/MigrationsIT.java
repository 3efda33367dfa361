package ru.saigabot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
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
}
