package ru.saigabot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.testing.web.WebUser.body;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
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
import ru.saigabot.bot.testing.web.WebUser;
import ru.saigabot.bot.web.session.SessionStore;

/**
 * The web chat over HTTP against the real bot, PostgreSQL and the tiny model: invites and sessions, a question
 * streamed and stored as a Telegram one is, votes, 🔄, an edited question, stop, settings, /forget, and the refusals
 * (no session, a forged request, another user's answers).
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class WebChatIT {

    @Test
    void asksStreamsStoresVotesRegeneratesAndEdits(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.startWithApi(db, model, dir, RunningBot.options(24), 2,
                UnaryOperator.identity()); Database database = Database.open(db.jdbcUrl(), 2)) {
            WebUser user = WebUser.invited(running.webUrl(), database, false);
            // A session's expiry moves on with use, written at most once an hour: a request an hour after the last
            // written one writes it, the requests after that do not.
            running.sql.rows("UPDATE web_session SET last_seen_at = now() - interval '2 hours', "
                    + "expires_at = now() + interval '1 day' RETURNING web_user_id");
            user.call("GET", "/web/api/conversations", null);
            assertThat(running.sql.number("SELECT count(*) FROM web_session WHERE last_seen_at > now() - "
                    + "interval '1 minute' AND expires_at > now() + interval '29 days'")).isEqualTo(1);
            running.sql.rows("UPDATE web_session SET expires_at = now() + interval '1 day' RETURNING web_user_id");
            user.call("GET", "/web/api/conversations", null);
            assertThat(running.sql.number("SELECT count(*) FROM web_session WHERE expires_at < now() + "
                    + "interval '2 days'")).as("seen within the hour: not written again").isEqualTo(1);

            long conversation = user.call("POST", "/web/api/conversations", null).get("id").asLong();
            long asked = user.call("POST", "/web/api/conversations/" + conversation + "/messages",
                    body("text", "Привет! Как дела?")).get("generation_id").asLong();
            List<WebUser.Event> events = user.follow(asked);
            assertThat(events.get(events.size() - 1).data().get("outcome").asText()).isEqualTo("done");
            String streamed = events.stream().filter(e -> "text".equals(e.name()))
                    .map(e -> e.data().get("delta").asText()).collect(Collectors.joining());

            JsonNode shown = user.call("GET", "/web/api/conversations/" + conversation, null);
            assertThat(shown.get("title").asText()).isEqualTo("Привет! Как дела?");
            assertThat(shown.get("running_generation_id").isNull()).isTrue();
            JsonNode messages = shown.get("messages");
            assertThat(messages).hasSize(2);
            assertThat(messages.get(0).get("role").asText()).isEqualTo("user");
            assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
            assertThat(messages.get(1).get("content").asText()).isEqualTo(streamed.strip());
            long answer = messages.get(1).get("id").asLong();
            // Stored like any chat's answer, in the web user's own chat.
            assertThat(running.sql.strings("SELECT c.kind FROM message m JOIN chat c ON c.id = m.chat_id "
                    + "WHERE m.id = ?", answer)).containsExactly("web");
            assertThat(user.call("GET", "/web/api/conversations", null).get("conversations")).hasSize(1);

            user.call("POST", "/web/api/answers/" + answer + "/vote", body("vote", -1));
            assertThat(running.sql.rows("SELECT vote, source FROM feedback WHERE message_id = ?", answer))
                    .containsExactly(List.of(-1, "web"));
            assertThat(user.call("GET", "/web/api/conversations/" + conversation, null)
                    .get("messages").get(1).get("vote").asInt()).isEqualTo(-1);

            long again = user.call("POST", "/web/api/answers/" + answer + "/regenerate", null)
                    .get("generation_id").asLong();
            assertThat(last(user.follow(again))).isEqualTo("done");
            JsonNode regenerated = user.call("GET", "/web/api/conversations/" + conversation, null).get("messages");
            assertThat(regenerated).hasSize(2);
            assertThat(regenerated.get(1).get("id").asLong()).isNotEqualTo(answer);
            assertThat(running.sql.number("SELECT count(*) FROM message WHERE id = ? AND superseded_at IS NOT NULL",
                    answer)).as("the replaced answer stays stored for the preference pair").isEqualTo(1);
            long second = regenerated.get(1).get("id").asLong();
            user.call("POST", "/web/api/answers/" + second + "/vote", body("vote", 1));
            assertThat(running.sql.rows("SELECT chosen_message_id, rejected_message_id, source FROM preference_pair"))
                    .as("👍 on the new answer prefers it to the 👎 one").containsExactly(List.of(second, answer,
                            "regenerate"));
            assertThat(user.send("POST", "/web/api/answers/" + answer + "/regenerate", null).statusCode())
                    .as("a replaced answer is not written again").isEqualTo(404);

            long edited = user.call("POST", "/web/api/conversations/" + conversation + "/edit",
                    body("text", "А как погода?")).get("generation_id").asLong();
            assertThat(last(user.follow(edited))).isEqualTo("done");
            JsonNode afterEdit = user.call("GET", "/web/api/conversations/" + conversation, null).get("messages");
            assertThat(afterEdit.get(0).get("content").asText()).isEqualTo("А как погода?");
            assertThat(afterEdit).hasSize(2);

            // A finished answer's events: only its end, at once.
            assertThat(user.follow(asked)).hasSize(1);
        }
    }

    @Test
    void refusesStrangersForgedRequestsAndOtherUsersAnswers(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.startWithApi(db, model, dir, RunningBot.options(8), 2,
                UnaryOperator.identity()); Database database = Database.open(db.jdbcUrl(), 2)) {
            WebUser owner = WebUser.invited(running.webUrl(), database, false);
            long conversation = owner.call("POST", "/web/api/conversations", null).get("id").asLong();
            long asked = owner.call("POST", "/web/api/conversations/" + conversation + "/messages",
                    body("text", "Вопрос владельца")).get("generation_id").asLong();
            assertThat(last(owner.follow(asked))).isEqualTo("done");
            long answer = owner.call("GET", "/web/api/conversations/" + conversation, null).get("messages").get(1)
                    .get("id").asLong();
            long messages = running.sql.number("SELECT count(*) FROM message");

            WebUser stranger = owner.withoutSession();
            assertThat(stranger.send("GET", "/web/api/conversations", null).statusCode()).isEqualTo(401);
            assertThat(stranger.send("GET", "/web/api/conversations/" + conversation, null).statusCode())
                    .isEqualTo(401);
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(running.webUrl() + "/")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("script-src 'self'");
            assertThat(page.body()).doesNotContain("Вопрос владельца");

            WebUser forged = owner.withCsrf("forged-token");
            assertThat(forged.send("POST", "/web/api/conversations/" + conversation + "/messages",
                    body("text", "подделка")).statusCode()).isEqualTo(403);
            assertThat(owner.withCsrf("").send("POST", "/web/api/answers/" + answer + "/vote", body("vote", 1))
                    .statusCode()).isEqualTo(403);
            assertThat(running.sql.number("SELECT count(*) FROM message")).isEqualTo(messages);
            assertThat(running.sql.number("SELECT count(*) FROM feedback")).isZero();

            WebUser other = WebUser.invited(running.webUrl(), database, false);
            assertThat(other.send("GET", "/web/api/conversations/" + conversation, null).statusCode())
                    .isEqualTo(404);
            assertThat(other.send("POST", "/web/api/conversations/" + conversation + "/messages",
                    body("text", "чужой разговор")).statusCode()).isEqualTo(404);
            assertThat(other.send("POST", "/web/api/answers/" + answer + "/vote", body("vote", 1)).statusCode())
                    .isEqualTo(404);
            assertThat(other.send("GET", "/web/api/generations/" + asked + "/events", null).statusCode())
                    .isEqualTo(404);
            assertThat(other.send("POST", "/web/api/generations/" + asked + "/stop", null).statusCode())
                    .isEqualTo(404);
            assertThat(other.call("GET", "/web/api/conversations", null).get("conversations")).isEmpty();
            assertThat(other.send("GET", "/web/api/admin/activity", null).statusCode())
                    .as("the dashboard's data is for admins").isEqualTo(403);

            assertThat(owner.send("POST", "/web/api/conversations/" + conversation + "/messages",
                    body("text", " ")).statusCode()).isEqualTo(400);
            assertThat(owner.send("POST", "/web/api/conversations/" + conversation + "/messages",
                    body("text", "я".repeat(5000))).statusCode()).isEqualTo(400);
            assertThat(owner.send("POST", "/web/api/settings", body("temperature", 9)).statusCode())
                    .isEqualTo(400);

            SessionStore.Invite invite = new SessionStore(database).invite(false, Duration.ofHours(1));
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest open = HttpRequest.newBuilder(URI.create(running.webUrl() + "/invite/" + invite.token()))
                    .GET().build();
            assertThat(http.send(open, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(open, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("an invite opens one session").isEqualTo(403);
        }
    }

    @Test
    void stopsAnAnswerReplaysItToASecondPageAndForgets(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        HeldAnswers held = HeldAnswers.afterFirstText();
        try (RunningBot running = RunningBot.startWithApi(db, model, dir, RunningBot.options(1000), 1, held::around);
             Database database = Database.open(db.jdbcUrl(), 2)) {
            WebUser user = WebUser.invited(running.webUrl(), database, false);
            user.call("POST", "/web/api/settings", body("system_prompt", "Ты — краткий помощник.",
                    "temperature", 1.0));
            long conversation = user.call("POST", "/web/api/conversations", null).get("id").asLong();
            assertThat(running.sql.strings("SELECT system_prompt FROM conversation WHERE id = ?", conversation))
                    .containsExactly("Ты — краткий помощник.");
            long asked = user.call("POST", "/web/api/conversations/" + conversation + "/messages",
                    body("text", "Напиши длинную историю")).get("generation_id").asLong();
            CompletableFuture<List<WebUser.Event>> firstPage = CompletableFuture.supplyAsync(
                    () -> follow(user, asked, new CountDownLatch(1)));
            held.awaitHeld(RunningBot.WAIT); // the answer is being written
            assertThat(user.call("GET", "/web/api/conversations/" + conversation, null)
                    .get("running_generation_id").asLong()).isEqualTo(asked);
            CountDownLatch readText = new CountDownLatch(1);
            CompletableFuture<List<WebUser.Event>> reloaded = CompletableFuture.supplyAsync(
                    () -> follow(user, asked, readText));
            assertThat(readText.await(1, TimeUnit.MINUTES)).as("the second page reads what was written").isTrue();
            user.call("POST", "/web/api/generations/" + asked + "/stop", null);
            held.release();
            List<WebUser.Event> first = firstPage.get(2, TimeUnit.MINUTES);
            List<WebUser.Event> second = reloaded.get(2, TimeUnit.MINUTES);
            assertThat(last(first)).isEqualTo("done");
            assertThat(text(second)).as("a page that comes back reads the answer from its start")
                    .isEqualTo(text(first));
            List<List<Object>> stored = Await.until(RunningBot.WAIT, () -> running.sql.rows(
                    "SELECT m.status FROM generation g JOIN message m ON m.id = g.answer_message_id WHERE g.id = ?",
                    asked), rows -> !rows.isEmpty());
            assertThat(stored.get(0).get(0)).isEqualTo("cut");

            user.call("POST", "/web/api/forget", null);
            assertThat(user.call("GET", "/web/api/conversations", null).get("conversations")).isEmpty();
            assertThat(running.sql.number("SELECT count(*) FROM message")).isZero();
            // The session stays: the user can start again at once.
            long fresh = user.call("POST", "/web/api/conversations", null).get("id").asLong();
            held.release();
            long again = user.call("POST", "/web/api/conversations/" + fresh + "/messages", body("text", "Снова"))
                    .get("generation_id").asLong();
            held.release();
            assertThat(last(user.follow(again))).isEqualTo("done");
        }
    }

    private static List<WebUser.Event> follow(WebUser user, long generationId, CountDownLatch readText) {
        try {
            return user.follow(generationId, event -> {
                if ("text".equals(event.name())) {
                    readText.countDown();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(List<WebUser.Event> events) {
        return events.stream().filter(e -> "text".equals(e.name())).map(e -> e.data().get("delta").asText())
                .collect(Collectors.joining());
    }

    private static String last(List<WebUser.Event> events) {
        return events.get(events.size() - 1).data().get("outcome").asText();
    }
}
