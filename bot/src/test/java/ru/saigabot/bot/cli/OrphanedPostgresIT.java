package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.EmbeddedPostgresServer;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;

/**
 * A bot on the embedded database killed with SIGKILL leaves its PostgreSQL running; the next start
 * on the same data directory stops that server and runs its own, which then keeps working.
 */
@ExtendWith(TinyModelFile.class)
class OrphanedPostgresIT {
    private static final String TOKEN = "7000021:TEST-token-for-the-emulator-only";

    @Test
    void theNextStartStopsTheOrphanedServer(@TempDir Path dir, ModelPath model) throws Exception {
        Path dataDir = dir.resolve("data");
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN);
             BotProcess bot = BotProcess.start(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN,
                     "TELEGRAM_API_URL", telegram.baseUrl(), "SAIGA_DATA_DIR", dataDir.toString()),
                     "run", "--model", model.path().toString(), "--poll-timeout", "1")) {
            telegram.awaitCall("getUpdates", Duration.ofSeconds(60));
            bot.kill();
            assertThat(bot.awaitExit(10)).isEqualTo(137);
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir);
             Database database = Database.open(server.jdbcUrl(), 2)) {
            // The server must stay up, not just start: query it for a few seconds.
            for (int i = 0; i < 10; i++) {
                long chats = database.query(connection -> {
                    try (ResultSet row = connection.createStatement().executeQuery("SELECT count(*) FROM chat")) {
                        row.next();
                        return row.getLong(1);
                    }
                });
                assertThat(chats).isZero();
                Thread.sleep(300);
            }
        }
    }
}
