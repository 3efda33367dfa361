package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.testing.app.RunningBot.WAIT;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.app.RunOptions;
import ru.saigabot.bot.health.HealthOptions;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;

/**
 * {@code /healthz}, {@code /readyz} and {@code /metrics} of the whole bot: the series an operator
 * watches appear after one answer, and readiness turns red when Telegram stops answering getUpdates
 * and when the database is gone.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class HealthAndMetricsIT {
    /** The bot polls every second in tests; a few seconds without an answer is a stopped poller. */
    private static final Duration STALE_AFTER = Duration.ofSeconds(5);
    private static final Pattern DATABASE_NAME = Pattern.compile("/([A-Za-z0-9_]+)\\?");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static RunOptions withEndpoints() {
        return RunningBot.options(24).withHealth(new HealthOptions(OptionalInt.of(0), STALE_AFTER));
    }

    private HttpResponse<String> get(RunningBot running, String path) throws Exception {
        int port = running.bot.httpPort().orElseThrow();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void endpointsAnswerAndTheMetricsShowAnAnsweredMessage(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, withEndpoints())) {
            BotApiEmulator telegram = running.telegram;
            assertThat(get(running, "/healthz").statusCode()).isEqualTo(200);
            Await.until(WAIT, () -> get(running, "/readyz").statusCode() == 200);

            TestUser user = telegram.user(8101, "Ольга", "ru");
            TestChat chat = telegram.privateChat(user);
            telegram.sendText(chat, user, "Привет!");
            telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(), WAIT);
            // The request's end is recorded in several meters, and a scrape reads them one by one: one scrape may
            // fall between two of them, so wait for the first and the last.
            Pattern counted = Pattern.compile("saiga_requests_total\\{outcome=\"(complete|cut)\"} 1\\.0");
            String metrics = Await.until(WAIT, () -> get(running, "/metrics").body(),
                    text -> counted.matcher(text).find() && text.contains("saiga_decode_tokens_per_second_count 1"));

            assertThat(metrics)
                    .contains("saiga_queue_length ")
                    .contains("saiga_requests_pending ")
                    .contains("saiga_queue_wait_seconds_count 1")
                    .contains("saiga_time_to_first_token_seconds_count 1")
                    .containsPattern("saiga_requests_total\\{outcome=\"(complete|cut)\"} 1\\.0")
                    .contains("saiga_telegram_calls_total{method=\"getupdates\",outcome=\"ok\"}")
                    .contains("saiga_telegram_calls_total{method=\"sendmessage\",outcome=\"ok\"}")
                    .contains("saiga_telegram_rate_limited_total 0.0")
                    .contains("hikaricp_connections_active{pool=\"saiga-db\"}")
                    .contains("hikaricp_connections_max{pool=\"saiga-db\"} 10.0")
                    .contains("saiga_feedback_votes{vote=\"up\"}")
                    .contains("saiga_feedback_votes{vote=\"down\"}");
        }
    }

    @Test
    void readinessTurnsRedWhenTelegramStopsAnsweringGetUpdates(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, withEndpoints())) {
            Await.until(WAIT, () -> get(running, "/readyz").statusCode() == 200);
            // getUpdates hangs: the poller waits for its own timeout, then tries again into the next failures.
            running.telegram.faults().delayNext("getUpdates", Duration.ofSeconds(30))
                    .failNext("getUpdates", 1000, 502, "Bad Gateway", null);
            HttpResponse<String> red = Await.until(WAIT, () -> get(running, "/readyz"), r -> r.statusCode() == 503);
            assertThat(red.body()).contains("polling: no getUpdates answered for");
            assertThat(get(running, "/healthz").statusCode()).as("the process itself is up").isEqualTo(200);

            running.telegram.faults().clear();
            Await.until(WAIT, () -> get(running, "/readyz").statusCode() == 200);
        }
    }

    @Test
    void readinessTurnsRedWhenTheDatabaseIsGone(DatabaseUrl db, ModelPath model, @TempDir Path dir) throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, withEndpoints())) {
            Await.until(WAIT, () -> get(running, "/readyz").statusCode() == 200);
            Matcher name = DATABASE_NAME.matcher(db.jdbcUrl());
            assertThat(name.find()).as("database name in " + db.jdbcUrl()).isTrue();
            String database = name.group(1);
            String admin = db.jdbcUrl().replace("/" + database + "?", "/postgres?");
            try {
                execute(admin, "ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS false");
                execute(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
                HttpResponse<String> red = Await.until(WAIT, () -> get(running, "/readyz"), r -> r.statusCode() == 503);
                assertThat(red.body()).contains("database: ");
            } finally {
                execute(admin, "ALTER DATABASE " + database + " WITH ALLOW_CONNECTIONS true");
            }
            Await.until(WAIT, () -> get(running, "/readyz").statusCode() == 200);
        }
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
