package ru.saigabot.bot.web.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.inference.HeldAnswers;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;
import ru.saigabot.bot.testing.web.DashboardSeed;
import ru.saigabot.bot.testing.web.WebUser;
import ru.saigabot.training.arena.ArenaAnalysis;
import ru.saigabot.training.arena.ArenaVoteReader;
import ru.saigabot.training.arena.Interval;
import ru.saigabot.training.arena.Wilson;

/**
 * The dashboard over real HTTP against the whole bot and PostgreSQL: every endpoint's figures on rows seeded at
 * known times ({@link DashboardSeed} says which), the arena's exactly as {@code arena report} computes them, the
 * queue's live length while an answer is being written, and who may open any of it.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class DashboardIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/web/api/admin/";

    @Test
    void showsTheSeededFiguresToAnAdminOnly(DatabaseUrl db, ModelPath model, @TempDir Path dir) throws Exception {
        HeldAnswers held = HeldAnswers.afterFirstText();
        try (RunningBot running = RunningBot.startWithApi(db, model, dir, RunningBot.options(40), 1, held::around);
             Database database = Database.open(db.jdbcUrl(), 2)) {
            DashboardSeed.Marks marks = DashboardSeed.seed(db.jdbcUrl());
            WebUser admin = WebUser.invited(running.webUrl(), database, true);

            accessIsForAdminsOnly(WebUser.invited(running.webUrl(), database, false), admin);
            activity(admin, marks);
            feedback(admin, marks);
            speed(admin, marks);
            queueHistory(admin, marks);
            arena(admin, db, marks);
            refusesBadParameters(admin);
            liveQueue(running, admin, held);
        }
    }

    private static void accessIsForAdminsOnly(WebUser user, WebUser admin) throws Exception {
        WebUser nobody = admin.withoutSession();
        for (String endpoint : List.of("activity", "feedback", "speed", "queue", "live", "arena")) {
            assertThat(get(nobody, API + endpoint).statusCode()).as("%s without a session", endpoint).isEqualTo(401);
            HttpResponse<String> refused = get(user, API + endpoint);
            assertThat(refused.statusCode()).as("%s for a user who is not an admin", endpoint).isEqualTo(403);
            assertThat(JSON.readTree(refused.body()).path("error").asText()).contains("admin invite");
            assertThat(get(admin, API + endpoint).statusCode()).as("%s for an admin", endpoint).isEqualTo(200);
        }
        for (WebUser stranger : List.of(nobody, user)) {
            HttpResponse<String> page = get(stranger, "/admin");
            assertThat(page.statusCode()).isEqualTo(302);
            assertThat(page.headers().firstValue("Location")).hasValue("/");
        }
        HttpResponse<String> page = get(admin, "/admin");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/static/admin.js", "/static/curation.js", "<section id=\"curation\"");
        // Everything the page loads is served: uPlot from its WebJar at the paths the page names, the page's own
        // files, and the modules they import.
        for (String asset : List.of("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
                "/webjars/uplot/1.6.30/dist/uPlot.min.css", "/static/admin.js", "/static/admin.css")) {
            assertThat(page.body()).contains(asset);
            assertThat(get(admin, asset).statusCode()).as(asset).isEqualTo(200);
        }
        for (String imported : List.of("/static/admin-i18n.js", "/static/i18n.js")) {
            assertThat(get(admin, imported).statusCode()).as(imported).isEqualTo(200);
        }
    }

    private static void activity(WebUser admin, DashboardSeed.Marks marks) throws Exception {
        JsonNode body = json(admin, API + "activity");
        assertThat(body.path("zone").asText()).isEqualTo("UTC");
        List<JsonNode> days = list(body.path("days"));
        // Every day of the span, today last, so the chart's axis has no holes.
        assertThat(days).hasSize(DashboardEndpoints.DEFAULT_DAYS);
        assertThat(days.get(days.size() - 1).path("day").asText())
                .isEqualTo(LocalDate.ofInstant(Instant.now(), java.time.ZoneOffset.UTC).toString());
        assertThat(day(days, marks.threeDaysAgo())).isEqualTo("3 messages, 3 answers, 1 failed");
        assertThat(day(days, marks.sixDaysAgo())).isEqualTo("2 messages, 1 answers, 0 failed");
        assertThat(days.stream().mapToLong(d -> d.path("messages").asLong()).sum()).isEqualTo(10);
        assertThat(days.stream().mapToLong(d -> d.path("answers").asLong()).sum())
                .as("the assistant turn without a model is a client's history, not an answer").isEqualTo(9);
        assertThat(days.stream().mapToLong(d -> d.path("failed").asLong()).sum()).isEqualTo(2);

        assertThat(list(json(admin, API + "activity?days=4").path("days"))).hasSize(4)
                .extracting(d -> d.path("messages").asLong()).first().isEqualTo(3L);
    }

    private static void feedback(WebUser admin, DashboardSeed.Marks marks) throws Exception {
        JsonNode body = json(admin, API + "feedback?days=30");
        List<JsonNode> days = list(body.path("days"));
        assertThat(days).hasSize(30);
        JsonNode three = find(days, "day", marks.threeDaysAgo().toString());
        assertThat(three.path("up").asLong()).isEqualTo(2);
        assertThat(three.path("down").asLong()).isEqualTo(1);
        assertThat(three.path("up_share").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
        JsonNode six = find(days, "day", marks.sixDaysAgo().toString());
        assertThat(six.path("up_share").asDouble()).isZero();
        assertThat(days.stream().filter(d -> !d.path("day").asText().equals(marks.threeDaysAgo().toString())
                && !d.path("day").asText().equals(marks.sixDaysAgo().toString())))
                .as("days without votes have no share").allMatch(d -> d.path("up_share").isNull());

        List<JsonNode> models = list(body.path("models"));
        assertThat(models).extracting(m -> m.path("model").asText() + ": " + m.path("answers").asLong() + " answers, "
                + m.path("up").asLong() + " up, " + m.path("down").asLong() + " down")
                .containsExactly("tiny: 8 answers, 1 up, 2 down", "tiny+style: 1 answers, 1 up, 0 down");
        assertThat(models.get(0).path("up_share").asDouble()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(models.get(0).path("adapter").isNull()).isTrue();
        assertThat(models.get(1).path("base").asText()).isEqualTo("tiny");
        assertThat(models.get(1).path("adapter").asText()).isEqualTo("style");

        // Four days back reach neither seeded day: no votes, and each model's answers of the last hours only.
        JsonNode recent = json(admin, API + "feedback?days=2");
        assertThat(list(recent.path("days"))).allMatch(d -> d.path("up").asLong() + d.path("down").asLong() == 0);
    }

    private static void speed(WebUser admin, DashboardSeed.Marks marks) throws Exception {
        List<JsonNode> hours = list(json(admin, API + "speed").path("hours"));
        assertThat(hours).hasSize(DashboardEndpoints.DEFAULT_HOURS);
        JsonNode hour = find(hours, "hour", marks.hour().toString());
        assertThat(hour.path("answers").asLong()).isEqualTo(5);
        // percentile_cont over 100, 200, 300, 400 ms (the failed answer has no first token to count)
        assertThat(hour.path("ttft_ms").path("p50").asDouble()).isCloseTo(250, within(1e-9));
        assertThat(hour.path("ttft_ms").path("p95").asDouble()).isCloseTo(385, within(1e-9));
        // 10, 20, 30, 40 tokens/s: the tokens after the first over the time after it
        assertThat(hour.path("tokens_per_s").path("p50").asDouble()).isCloseTo(25, within(1e-9));
        assertThat(hour.path("tokens_per_s").path("p95").asDouble()).isCloseTo(38.5, within(1e-9));
        // the failed answer waited too: 0, 1, 2, 3 and 10 s
        assertThat(hour.path("queue_ms").path("p50").asDouble()).isCloseTo(2000, within(1e-9));
        assertThat(hour.path("queue_ms").path("p95").asDouble()).isCloseTo(8600, within(1e-9));
        assertThat(hours.stream().mapToLong(h -> h.path("answers").asLong()).sum()).isEqualTo(5);
        JsonNode empty = find(hours, "hour", marks.nextHour().toString());
        assertThat(empty.path("ttft_ms").path("p50").isNull()).isTrue();

        // Hours are the viewer's: Kathmandu is 5:45 ahead of UTC, so its hours start at a quarter past.
        List<JsonNode> kathmandu = list(json(admin, API + "speed?hours=6&tz=Asia/Kathmandu").path("hours"));
        assertThat(kathmandu).hasSize(6).allMatch(h -> h.path("hour").asText().endsWith(":15:00Z"));
    }

    private static void queueHistory(WebUser admin, DashboardSeed.Marks marks) throws Exception {
        JsonNode body = json(admin, API + "queue?hours=12");
        List<JsonNode> hours = list(body.path("hours"));
        assertThat(hours).hasSize(12);
        JsonNode hour = find(hours, "hour", marks.hour().toString());
        // waits of 10, 20, 10 (of the one that starts in the next hour) and 3 minutes; runs of 10 and 5
        assertThat(hour.path("waiting_average").asDouble()).isCloseTo(43.0 / 60, within(1e-9));
        assertThat(hour.path("waiting_peak").asLong()).isEqualTo(2);
        assertThat(hour.path("generating_average").asDouble()).isCloseTo(15.0 / 60, within(1e-9));
        JsonNode next = find(hours, "hour", marks.nextHour().toString());
        assertThat(next.path("waiting_average").asDouble()).isCloseTo(10.0 / 60, within(1e-9));
        assertThat(next.path("waiting_peak").asLong()).as("one was still waiting when the hour began").isEqualTo(1);
        assertThat(next.path("generating_average").asDouble()).isCloseTo(5.0 / 60, within(1e-9));
        assertThat(hours.stream().filter(h -> !h.path("hour").asText().equals(marks.hour().toString())
                && !h.path("hour").asText().equals(marks.nextHour().toString())))
                .allMatch(h -> h.path("waiting_peak").asLong() == 0 && h.path("waiting_average").asDouble() == 0);
        assertThat(body.path("now").path("pending").asInt()).isZero();
    }

    private static void arena(WebUser admin, DatabaseUrl db, DashboardSeed.Marks marks) throws Exception {
        JsonNode task = json(admin, API + "arena?source=task");
        assertThat(list(task.path("pairs"))).extracting(p -> p.path("a").asText() + " vs " + p.path("b").asText()
                        + ": " + p.path("wins").asInt() + "-" + (p.path("ties").asInt() + p.path("both_bad").asInt())
                        + "-" + p.path("losses").asInt())
                .containsExactly("tiny vs tiny+style: 4-2-1");
        JsonNode pair = task.path("pairs").get(0);
        Interval wilson = Wilson.interval(4, 5);
        assertThat(pair.path("win_rate").asDouble()).isEqualTo(0.8);
        assertThat(pair.path("win_rate_interval").path("low").asDouble()).isEqualTo(wilson.low());
        assertThat(pair.path("win_rate_interval").path("high").asDouble()).isEqualTo(wilson.high());
        assertThat(pair.path("agreement").path("tasks").asInt()).as("tasks with two votes or more").isEqualTo(3);
        assertThat(list(task.path("annotator_results"))).extracting(a -> a.path("annotator_id").asLong() + ": "
                        + a.path("votes").asInt() + " votes, accuracy " + a.path("accuracy").asDouble())
                .containsExactly(DashboardSeed.ANNOTATOR + ": 5 votes, accuracy 1.0",
                        DashboardSeed.SECOND_ANNOTATOR + ": 4 votes, accuracy 0.0");
        assertThat(list(json(admin, API + "arena?source=live").path("pairs")))
                .extracting(p -> p.path("a").asText() + " vs " + p.path("b").asText() + ": " + p.path("losses").asInt())
                .containsExactly("tiny vs other: 2");

        // The same figures as `saiga-bot arena report`: its reader and analysis with the command's defaults.
        for (ArenaVoteReader.Origin origin : ArenaVoteReader.Origin.values()) {
            String source = origin == ArenaVoteReader.Origin.ALL ? "all" : origin.dbName();
            assertThat(json(admin, API + "arena?source=" + source)).as(source).isEqualTo(report(db, origin, source));
        }
        assertThat(list(json(admin, API + "arena").path("ratings"))).hasSize(3)
                .allMatch(r -> r.path("interval").path("low").asDouble() <= r.path("rating").asDouble()
                        && r.path("rating").asDouble() <= r.path("interval").path("high").asDouble());

        // A new vote is in the next answer: the kept report is computed again.
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl())) {
            DashboardSeed.arenaVote(connection, marks.taskFour(), DashboardSeed.SECOND_ANNOTATOR, "b");
        }
        JsonNode again = json(admin, API + "arena?source=task");
        assertThat(again.path("pairs").get(0).path("losses").asInt()).isEqualTo(2);
        assertThat(again).isEqualTo(report(db, ArenaVoteReader.Origin.TASK, "task"));
    }

    private static JsonNode report(DatabaseUrl db, ArenaVoteReader.Origin origin, String source) throws Exception {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl())) {
            var report = new ArenaAnalysis(0, ArenaAnalysis.DEFAULT_BOOTSTRAP, ArenaAnalysis.DEFAULT_SEED,
                    ArenaAnalysis.DEFAULT_PRIOR).analyse(new ArenaVoteReader().read(connection, origin));
            return JSON.readTree(JSON.writeValueAsString(ArenaJson.of(source, report)));
        }
    }

    private static void refusesBadParameters(WebUser admin) throws Exception {
        for (String query : List.of("activity?days=0", "activity?days=367", "feedback?days=many", "speed?hours=0",
                "queue?hours=745", "speed?tz=Mars/Olympus_Mons", "activity?tz=%2B03:00", "arena?source=everyone")) {
            HttpResponse<String> reply = get(admin, API + query);
            assertThat(reply.statusCode()).as(query).isEqualTo(400);
            assertThat(JSON.readTree(reply.body()).path("error").asText()).as(query).isNotBlank();
        }
    }

    /** While an answer is being written (held after its first text), the live figures count it. */
    private static void liveQueue(RunningBot running, WebUser admin, HeldAnswers held) throws Exception {
        TestUser user = running.telegram.user(5701, "Оператор", "ru");
        TestChat chat = running.telegram.privateChat(user);
        running.telegram.sendText(chat, user, "Расскажи длинную историю");
        JsonNode busy = Await.until(RunningBot.WAIT, () -> json(admin, API + "live"),
                live -> live.path("generating").asInt() == 1);
        assertThat(busy.path("pending").asInt()).isEqualTo(1);
        assertThat(busy.path("waiting").asInt()).isZero();
        assertThat(json(admin, API + "queue").path("now")).isEqualTo(busy);
        held.release();
        Await.until(RunningBot.WAIT, () -> json(admin, API + "live"), live -> live.path("pending").asInt() == 0);
    }

    private static HttpResponse<String> get(WebUser user, String path) throws Exception {
        return user.send("GET", path, null);
    }

    private static JsonNode json(WebUser user, String path) throws Exception {
        return user.call("GET", path, null);
    }

    private static String day(List<JsonNode> days, LocalDate day) {
        JsonNode row = find(days, "day", day.toString());
        return row.path("messages").asLong() + " messages, " + row.path("answers").asLong() + " answers, "
                + row.path("failed").asLong() + " failed";
    }

    private static JsonNode find(List<JsonNode> rows, String field, String value) {
        return rows.stream().filter(row -> row.path(field).asText().equals(value)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + field + " " + value + " in " + rows));
    }

    private static List<JsonNode> list(JsonNode array) {
        return new ArrayList<>(StreamSupport.stream(array.spliterator(), false).toList());
    }
}
