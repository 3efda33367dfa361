package ru.saigabot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.config.ConfigException;

/** The zero-setup database keeps its data across restarts and belongs to one bot at a time. */
class EmbeddedPostgresServerIT {

    @Test
    void keepsDataAcrossRestartsAndRefusesASecondBot(@TempDir Path dataDir) {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir);
             Database database = Database.open(server.jdbcUrl(), 2)) {
            database.query(connection -> connection.createStatement().executeUpdate(
                    "INSERT INTO tg_user (id, first_name) VALUES (42, 'Ада')"));
            assertThat(setting(database, "fsync")).as("durable, unlike zonky's test defaults").isEqualTo("on");
            assertThat(setting(database, "synchronous_commit")).isEqualTo("on");

            assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("another saiga-bot already uses the data directory " + dataDir);
        }

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir);
             Database database = Database.open(server.jdbcUrl(), 2)) {
            String name = database.query(connection -> {
                try (ResultSet row = connection.createStatement().executeQuery(
                        "SELECT first_name FROM tg_user WHERE id = 42")) {
                    return row.next() ? row.getString(1) : null;
                }
            });
            assertThat(name).isEqualTo("Ада");
        }
    }

    private static String setting(Database database, String name) {
        return database.query(connection -> {
            try (ResultSet row = connection.createStatement().executeQuery("SHOW " + name)) {
                row.next();
                return row.getString(1);
            }
        });
    }
}
