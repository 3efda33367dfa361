package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import ru.saigabot.bot.testing.telegram.FaultInjector;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/**
 * The bot token's secret (the part after the colon: whoever has it controls the bot) appears nowhere an operator
 * or a scraper can read: not in the process's output at DEBUG, not in its one-line errors, not in /metrics or
 * /readyz, while Telegram times out, answers 5xx, refuses connections, and, worst case, answers with pages that
 * echo the request's URL (a proxy's error page, a local Bot API server's description), which holds the token.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class TokenNeverLeaksIT {
    private static final String SECRET = "AAEsecret-part-that-must-never-be-seen_42";
    private static final String TOKEN = "7000031:" + SECRET;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aRunAtDebugWithFaultsLeavesTheTokenNowhere(@TempDir Path dir, ModelPath model, DatabaseUrl db)
            throws Exception {
        OpsClient ops = OpsClient.onFreePort();
        List<String> scraped = new ArrayList<>();
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN)) {
            // At start-up: a proxy page instead of getMe's answer (retried), a refused command menu.
            telegram.faults().respondRawNext("getMe", 502, proxyPage("getMe"))
                    .respondRawNext("setMyCommands", 400, echoedError(400, "Bad Request", "setMyCommands"));
            try (BotProcess bot = BotProcess.start(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN,
                            "TELEGRAM_API_URL", telegram.baseUrl(), "SAIGA_LOG_LEVEL", "DEBUG"),
                    "run", "--model", model.path().toString(), "--db-url", db.jdbcUrl(), "--poll-timeout", "1",
                    "--ctx-size", "1024", "--max-tokens", "32", "--threads", "1", "--slots", "1",
                    "--stream-interval-ms", "200", "--http-port", Integer.toString(ops.port()))) {
                Await.until(WAIT, () -> alive(bot, ops.status("/readyz")) == 200);
                scrape(ops, scraped);
                TestUser user = telegram.user(8301, "Ира", "ru");
                TestChat chat = telegram.privateChat(user);

                // 5xx on the answer's final message, the first one echoing the URL; the fourth attempt goes through.
                telegram.faults().respondRawNext("sendMessage", 502, echoedError(502, "Bad Gateway", "sendMessage"))
                        .failNext("sendMessage", 2, 500, "Internal Server Error", null);
                telegram.sendText(chat, user, "Привет! Как дела?");
                telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(), WAIT);

                // A long poll that is never answered: the client's deadline ends it.
                int failures = count(bot.stderr(), "getUpdates failed");
                FaultInjector.HeldCall held = telegram.faults().holdNext("getUpdates");
                Await.until(WAIT, () -> count(alive(bot, bot.stderr()), "getUpdates failed") > failures);
                held.drop();

                // Telegram unreachable: connections refused.
                telegram.stopAccepting();
                Await.until(WAIT, () -> alive(bot, bot.stderr()).contains("ConnectException"));
                scrape(ops, scraped);
                telegram.startAccepting();

                telegram.sendText(chat, user, "А теперь?");
                Await.until(WAIT, () -> telegram.botMessages(chat.id()).stream()
                        .filter(m -> !m.buttons().isEmpty()).count() == 2);
                scrape(ops, scraped);
                assertThat(scraped.get(scraped.size() - 1)).as("the faults were counted")
                        .contains("outcome=\"network\"").contains("outcome=\"502\"");

                bot.terminate();
                assertThat(bot.awaitExit(30)).as("exit code after SIGTERM").isZero();
                assertThat(bot.stderr()).as("a run at DEBUG").contains(" DEBUG ");
                assertNoSecret("stderr", bot.stderr());
                assertNoSecret("stdout", bot.stdout());
                scraped.forEach(body -> assertNoSecret("/readyz and /metrics", body));
            }
        }
    }

    /** Refused at start-up with a description that echoes the URL: the one line says so, without the token. */
    @Test
    void aRefusedTokenIsReportedWithoutIt(@TempDir Path dir, ModelPath model, DatabaseUrl db) throws Exception {
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN)) {
            telegram.faults().respondRawNext("getMe", 401, echoedError(401, "Unauthorized", "getMe"));
            try (BotProcess bot = BotProcess.start(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN,
                    "TELEGRAM_API_URL", telegram.baseUrl(), "SAIGA_LOG_LEVEL", "DEBUG"),
                    "run", "--model", model.path().toString(), "--db-url", db.jdbcUrl())) {
                assertThat(bot.awaitExit(60)).isEqualTo(2);
                assertThat(bot.stderr()).contains("saiga-bot: Telegram refused the bot token for bot 7000031");
                assertNoSecret("stderr", bot.stderr());
                assertNoSecret("stdout", bot.stdout());
            }
        }
    }

    private static String echoedError(int code, String description, String method) {
        return "{\"ok\":false,\"error_code\":" + code + ",\"description\":\"" + description + ": POST /bot" + TOKEN
                + "/" + method + "\"}";
    }

    private static String proxyPage(String method) {
        return "<html><body><h1>502 Bad Gateway</h1><p>upstream failed for POST /bot" + TOKEN + "/" + method
                + "</p></body></html>";
    }

    private static void scrape(OpsClient ops, List<String> scraped) throws Exception {
        scraped.add(ops.body("/readyz"));
        scraped.add(ops.body("/metrics"));
    }

    private static void assertNoSecret(String where, String text) {
        assertThat(text.contains(SECRET)).as("the token's secret in %s:%n%s", where, linesWithSecret(text)).isFalse();
    }

    private static String linesWithSecret(String text) {
        return String.join("\n", text.lines().filter(line -> line.contains(SECRET)).limit(20).toList());
    }

    private static int count(String text, String what) {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            count++;
        }
        return count;
    }

    private static <T> T alive(BotProcess process, T value) {
        if (!process.isAlive()) {
            throw new AssertionError("saiga-bot exited: " + process.stderr());
        }
        return value;
    }
}
