package ru.saigabot.bot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.testing.web.WebUser.body;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.arena.ArenaOptions;
import ru.saigabot.bot.cli.Main;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.inference.HeldAnswers;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.web.WebUser;

/**
 * The arena on the web page over HTTP against the real bot (two live variants on the tiny model) and PostgreSQL: a
 * battle's two answers stream and are stored, its vote lands in the rows a Telegram button press writes, other users
 * and second votes are refused; annotation tasks are served one at a time, blinded, voted and skipped; a question that
 * --arena-share draws into a battle says so; `arena report` and `train export` count the web votes.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class WebArenaIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBattleStreamsBothAnswersAndItsVoteIsStoredAsTelegramsIs(DatabaseUrl db, ModelPath model,
                                                                 @TempDir Path dir) throws Exception {
        String variantB = model.path() + "@temperature=1.5,seed=3";
        HeldAnswers held = HeldAnswers.afterFirstText();
        try (RunningBot running = RunningBot.startWithApi(db, model, dir.resolve("data"), RunningBot.options(16), 2,
                new ArenaOptions(3, null, variantB, 0), held::around);
             Database database = Database.open(db.jdbcUrl(), 2)) {
            WebUser user = WebUser.invited(running.webUrl(), database, false);
            long conversation = user.call("POST", "/web/api/conversations", null).get("id").asLong();

            JsonNode battle = user.call("POST", "/web/api/conversations/" + conversation + "/battle",
                    body("text", "Расскажи про Байкал"));
            long voteId = battle.get("vote_id").asLong();
            List<Long> generations = new ArrayList<>();
            battle.get("generation_ids").forEach(id -> generations.add(id.asLong()));
            assertThat(generations).hasSize(2);
            assertThat(battle.get("sides")).extracting(side -> side.get("label").asText()).containsExactly("A", "B");
            assertThat(battle.get("choice").isNull()).isTrue();

            // Both followed at once, as the page does: answer A streams first, B waits behind it in the chat's lane.
            CompletableFuture<List<WebUser.Event>> followA = CompletableFuture.supplyAsync(() ->
                    follow(user, generations.get(0)));
            CompletableFuture<List<WebUser.Event>> followB = CompletableFuture.supplyAsync(() ->
                    follow(user, generations.get(1)));
            held.awaitHeld(RunningBot.WAIT);
            assertThat(user.send("POST", "/web/api/battles/" + voteId + "/vote", body("choice", "b")).body())
                    .as("no vote while the answers are written").contains("still being written");
            assertThat(user.call("GET", "/web/api/conversations/" + conversation, null).get("battle_vote_id")
                    .asLong()).as("a reloaded page shows the battle").isEqualTo(voteId);
            held.release();
            List<WebUser.Event> eventsA = followA.get(RunningBot.WAIT.toSeconds(), TimeUnit.SECONDS);
            List<WebUser.Event> eventsB = followB.get(RunningBot.WAIT.toSeconds(), TimeUnit.SECONDS);
            for (List<WebUser.Event> events : List.of(eventsA, eventsB)) {
                assertThat(events).as("each answer streams its text, then ends stored")
                        .anyMatch(e -> "text".equals(e.name()));
                assertThat(events.get(events.size() - 1).data().get("outcome").asText()).isEqualTo("done");
            }

            JsonNode shown = user.call("GET", "/web/api/battles/" + voteId, null);
            JsonNode sides = shown.get("sides");
            assertThat(sides.get(0).get("content").asText()).isEqualTo(text(eventsA).strip());
            assertThat(sides.get(1).get("content").asText()).isEqualTo(text(eventsB).strip());
            assertThat(sides).allMatch(side -> side.get("status").asText().equals("done"));
            long answerA = sides.get(0).get("message_id").asLong();
            long answerB = sides.get(1).get("message_id").asLong();
            // Stored as a Telegram battle is: an arena task of origin "live" in the web user's chat, the requester's
            // vote row, and one generation per side.
            long webUser = WebIds.of(running.sql.number("SELECT max(id) FROM web_user"));
            assertThat(running.sql.rows("SELECT t.origin, t.prompt, t.chat_id, va.spec, vb.spec, "
                    + "t.answer_a IS NOT NULL AND t.answer_b IS NOT NULL FROM arena_task t "
                    + "JOIN arena_variant va ON va.id = t.variant_a JOIN arena_variant vb ON vb.id = t.variant_b"))
                    .containsExactly(List.of("live", "Расскажи про Байкал", webUser, model.path().toString(),
                            variantB, true));
            assertThat(running.sql.rows("SELECT annotator_id, choice FROM arena_vote WHERE id = ?", voteId))
                    .containsExactly(java.util.Arrays.asList(webUser, null));
            String sideOfB = running.sql.strings("SELECT arena_side FROM generation WHERE id = ?",
                    generations.get(1)).get(0);

            WebUser other = WebUser.invited(running.webUrl(), database, false);
            assertThat(other.send("POST", "/web/api/battles/" + voteId + "/vote", body("choice", "a"))
                    .statusCode()).as("another user's battle").isEqualTo(404);
            assertThat(other.send("GET", "/web/api/battles/" + voteId, null).statusCode()).isEqualTo(404);
            assertThat(user.send("POST", "/web/api/battles/" + voteId + "/vote", body("choice", "skip"))
                    .statusCode()).as("a live battle has no skip, as in Telegram").isEqualTo(400);
            assertThat(user.withCsrf("forged").send("POST", "/web/api/battles/" + voteId + "/vote",
                    body("choice", "a")).statusCode()).isEqualTo(403);
            assertThat(running.sql.strings("SELECT coalesce(choice, '-') FROM arena_vote")).containsExactly("-");

            JsonNode voted = user.call("POST", "/web/api/battles/" + voteId + "/vote", body("choice", "b"));
            assertThat(voted.get("choice").asText()).isEqualTo("b");
            // The same rows as "B лучше" under a Telegram battle: the vote in the task's terms, answer B continuing
            // the conversation, and the DPO pair.
            assertThat(running.sql.strings("SELECT choice FROM arena_vote WHERE id = ?", voteId))
                    .containsExactly(sideOfB);
            assertThat(running.sql.rows("SELECT id FROM message WHERE role = 'assistant' AND superseded_at IS NULL"))
                    .containsExactly(List.of(answerB));
            assertThat(running.sql.rows("SELECT chosen_message_id, rejected_message_id, source FROM preference_pair"))
                    .containsExactly(List.of(answerB, answerA, "arena"));
            assertThat(user.send("POST", "/web/api/battles/" + voteId + "/vote", body("choice", "a")).statusCode())
                    .as("a vote is final").isEqualTo(409);
            assertThat(running.sql.strings("SELECT choice FROM arena_vote WHERE id = ?", voteId))
                    .containsExactly(sideOfB);

            JsonNode reopened = user.call("GET", "/web/api/conversations/" + conversation, null);
            assertThat(reopened.get("battle_vote_id").isNull()).isTrue();
            assertThat(reopened.get("messages")).extracting(m -> m.get("id").asLong())
                    .as("the question, and the chosen answer in the conversation").hasSize(2).contains(answerB);
        }

        CliRun report = cli("arena", "report", "--out", dir.resolve("report").toString(), "--bootstrap", "20",
                "--db-url", db.jdbcUrl());
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(report.out()).as("the web vote is in the report").contains("1 votes on 1 tasks by 1 annotators");
    }

    @Test
    void annotationTasksAreServedBlindedVotedAndSkippedAndASharedBattleIsShown(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        String shownA;
        Path tasks = dir.resolve("tasks.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            lines.append(JSON.writeValueAsString(java.util.Map.of(
                    "prompt", "Расскажи коротко, чем знаменито озеро Байкал (вопрос " + i + ")",
                    "variant_a", "left.gguf",
                    "answer_a", "Ответ альфа " + i + ": Байкал — самое глубокое озеро мира.",
                    "variant_b", "right.gguf",
                    "answer_b", "Ответ бета " + i + ": в Байкале пятая часть пресной воды.")))
                    .append('\n');
        }
        Files.writeString(tasks, lines, StandardCharsets.UTF_8);
        assertThat(cli("arena", "tasks", "load", tasks.toString(), "--db-url", db.jdbcUrl()).code()).isZero();

        try (RunningBot running = RunningBot.startWithApi(db, model, dir.resolve("data"), RunningBot.options(8), 2,
                new ArenaOptions(2, null, null, 1.0), java.util.function.UnaryOperator.identity());
             Database database = Database.open(db.jdbcUrl(), 2)) {
            WebUser user = WebUser.invited(running.webUrl(), database, false);
            long annotator = WebIds.of(running.sql.number("SELECT max(id) FROM web_user"));

            JsonNode task = user.call("GET", "/web/api/annotate/next", null).get("task");
            assertThat(task.get("task_id").asLong()).isEqualTo(1);
            assertThat(task.get("prompt").asText()).contains("вопрос 1");
            assertThat(Stream.of(task.get("shown_a").asText(), task.get("shown_b").asText()).sorted().toList())
                    .as("both answers, in the drawn order").satisfiesExactly(
                            a -> assertThat(a).startsWith("Ответ альфа 1"),
                            b -> assertThat(b).startsWith("Ответ бета 1"));
            long voteId = task.get("vote_id").asLong();
            shownA = task.get("shown_a").asText();
            assertThat(user.call("GET", "/web/api/annotate/next", null).get("task").get("vote_id").asLong())
                    .as("asking again shows the open task, not a new one").isEqualTo(voteId);
            assertThat(running.sql.rows("SELECT annotator_id, left_side FROM arena_vote WHERE id = ?", voteId))
                    .containsExactly(List.of(annotator, task.get("shown_a").asText().contains("альфа") ? "a" : "b"));

            WebUser other = WebUser.invited(running.webUrl(), database, false);
            assertThat(other.send("POST", "/web/api/annotate/" + voteId, body("choice", "a")).statusCode())
                    .as("a task shown to another user").isEqualTo(404);
            assertThat(user.send("POST", "/web/api/annotate/" + voteId, body("choice", "maybe")).statusCode())
                    .isEqualTo(400);

            // "A is better": the answer shown first, stored in the task's terms through the recorded order.
            JsonNode answered = user.call("POST", "/web/api/annotate/" + voteId, body("choice", "a"));
            assertThat(answered.get("recorded").asText()).isEqualTo("voted");
            String expected = task.get("shown_a").asText().contains("альфа") ? "a" : "b";
            assertThat(running.sql.strings("SELECT choice FROM arena_vote WHERE id = ?", voteId))
                    .containsExactly(expected);
            assertThat(user.send("POST", "/web/api/annotate/" + voteId, body("choice", "b")).statusCode())
                    .as("an answered task is final").isEqualTo(409);

            JsonNode next = answered.get("next");
            assertThat(next.get("task_id").asLong()).isEqualTo(2);
            JsonNode skipped = user.call("POST", "/web/api/annotate/" + next.get("vote_id").asLong(),
                    body("choice", "skip"));
            assertThat(skipped.get("recorded").asText()).isEqualTo("skipped");
            assertThat(skipped.get("next").get("task_id").asLong()).isEqualTo(3);
            JsonNode done = user.call("POST", "/web/api/annotate/" + skipped.get("next").get("vote_id").asLong(),
                    body("choice", "both_bad"));
            assertThat(done.get("next").isNull()).as("every task answered").isTrue();
            assertThat(user.call("GET", "/web/api/annotate/next", null).get("task").isNull()).isTrue();
            assertThat(running.sql.rows("SELECT task_id, choice FROM arena_vote WHERE annotator_id = ? ORDER BY "
                    + "task_id", annotator)).containsExactly(List.of(1L, expected), List.of(2L, "skipped"),
                    List.of(3L, "both_bad"));

            // The other user gets task 1: one vote of the two it collects.
            JsonNode othersTask = other.call("GET", "/web/api/annotate/next", null).get("task");
            assertThat(othersTask.get("task_id").asLong()).isEqualTo(1);

            // With --arena-share 1 an ordinary question is drawn into a battle, and the page is told which.
            long conversation = user.call("POST", "/web/api/conversations", null).get("id").asLong();
            JsonNode asked = user.call("POST", "/web/api/conversations/" + conversation + "/messages",
                    body("text", "Привет!"));
            long drawn = asked.get("battle_vote_id").asLong();
            JsonNode battle = user.call("GET", "/web/api/battles/" + drawn, null);
            assertThat(battle.get("generation_ids").get(0).asLong()).as("the answer the page follows is A")
                    .isEqualTo(asked.get("generation_id").asLong());
            for (JsonNode generation : battle.get("generation_ids")) {
                List<WebUser.Event> events = user.follow(generation.asLong());
                assertThat(events.get(events.size() - 1).data().get("outcome").asText()).isEqualTo("done");
            }
            assertThat(user.send("POST", "/web/api/annotate/" + drawn, body("choice", "a")).statusCode())
                    .as("a battle is voted on as a battle, not as a task").isEqualTo(404);
            assertThat(user.send("POST", "/web/api/battles/" + voteId + "/vote", body("choice", "a")).statusCode())
                    .as("and a task as a task").isEqualTo(404);
        }

        CliRun report = cli("arena", "report", "--out", dir.resolve("report").toString(), "--bootstrap", "20",
                "--db-url", db.jdbcUrl());
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(report.out()).as("decided web votes are in the report; a skip is not a verdict")
                .contains("2 votes on 2 tasks by 1 annotators");
        Path export = dir.resolve("export");
        CliRun exported = cli("train", "export", "--out", export.toString(), "--db-url", db.jdbcUrl(),
                "--val-percent", "0");
        assertThat(exported.code()).as(exported.err()).isZero();
        List<String> dpo = Files.readAllLines(export.resolve("dpo.train.jsonl"));
        assertThat(dpo).as("task 1's web vote is a DPO pair; a skip and \"both bad\" make none").hasSize(1);
        JsonNode pair = JSON.readTree(dpo.get(0));
        assertThat(pair.get("prompt").toString()).contains("вопрос 1");
        assertThat(pair.at("/chosen/0/content").asText()).as("the answer shown as A, which was chosen")
                .isEqualTo(shownA);
    }

    private static List<WebUser.Event> follow(WebUser user, long generation) {
        try {
            return user.follow(generation);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    private static String text(List<WebUser.Event> events) {
        return events.stream().filter(e -> "text".equals(e.name())).map(e -> e.data().get("delta").asText())
                .collect(Collectors.joining());
    }

    private record CliRun(int code, String out, String err) {}

    private static CliRun cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
