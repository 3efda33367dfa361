package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/**
 * The jar configured as in production: everything from a SAIGA_CONFIG file, one setting overridden by
 * the environment and one by a flag (the file's values for those two would stop the start), and the
 * health and metrics endpoints on the port the file names.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class ConfigFileProcessIT {
    private static final String TOKEN = "7000004:TEST-token-for-the-emulator-only";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void theFileConfiguresTheBotUnderTheEnvironmentAndTheFlags(@TempDir Path dir, ModelPath model, DatabaseUrl db)
            throws Exception {
        OpsClient ops = OpsClient.onFreePort();
        int port = ops.port();
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN)) {
            Path config = Files.writeString(dir.resolve("saiga-bot.yaml"), String.join("\n",
                    "token: \"" + TOKEN + "\"",
                    "telegram-api-url: " + telegram.baseUrl(),
                    "model: " + model.path(),
                    "db-url: \"" + db.jdbcUrl() + "\"",
                    "http-port: " + port,
                    "max-tokens: 100000   # out of range: SAIGA_MAX_TOKENS must win",
                    "slots: 99            # out of range: --slots must win",
                    ""));
            try (BotProcess bot = BotProcess.start(dir, Map.of("SAIGA_CONFIG", config.toString(),
                    "SAIGA_MAX_TOKENS", "12"), "run", "--slots", "1")) {
                Await.until(WAIT, () -> {
                    if (!bot.isAlive()) {
                        throw new AssertionError("saiga-bot exited: " + bot.stderr());
                    }
                    return ops.status("/readyz") == 200;
                });
                TestUser user = telegram.user(8201, "Зоя", "ru");
                TestChat chat = telegram.privateChat(user);
                telegram.sendText(chat, user, "Привет");
                telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(), WAIT);
                String metrics = Await.until(WAIT, () -> ops.body("/metrics"),
                        text -> text.contains("saiga_generated_tokens_total"));
                assertThat(metrics).contains("saiga_requests_total{outcome=");
                assertThat(ops.status("/healthz")).isEqualTo(200);

                bot.terminate();
                assertThat(bot.awaitExit(60)).as("exit code after SIGTERM").isZero();
                assertThat(bot.stderr()).contains("health and metrics served: host=127.0.0.1 port=" + port)
                        .contains("stopped: shutdown_ms=");
            }
        }
    }
}
