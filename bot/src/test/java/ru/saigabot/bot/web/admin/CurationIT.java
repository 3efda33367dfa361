package ru.saigabot.bot.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.web.WebUser;
import ru.saigabot.bot.web.WebIds;

/**
 * The dashboard's curation over real HTTP, against the whole bot (queue mode: no model is needed) and a real
 * PostgreSQL: voted answers in a private chat, a group and the web chat are browsed with every filter, one answer's
 * conversation is shown as its prompt held it, answers and conversations are excluded and brought back, hostile and
 * unauthorised requests are refused, and the dataset and the arena report download as zips.
 */
@ExtendWith(FreshDatabase.class)
class CurationIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWERS = "/web/api/admin/curation/answers";
    private static final String EXCLUSIONS = "/web/api/admin/exclusions";
    private static final String DATASET = "/web/api/admin/curation/dataset.zip";
    private static final String PRIVATE_PROMPT = "Ты — Сайга, помощник в личном чате.";
    private static final String LONG_ANSWER = "Сайгаки живут в степях и полупустынях. ".repeat(12).strip();

    /** What the seed made: the ids the assertions name. */
    record Seeded(long webUserId, long c1, long q1, long a1, long q2, long a2Failed, long a2Old, long a2,
                          long q3, long a3, long c2, long q4, long a4, long c3, long q5, long a5) {
        List<Long> all() {
            return List.of(a5, a4, a3, a2, a2Old, a1);
        }
    }

    /** A running bot with the web surface, an admin's and a chat user's browser, and the seeded answers. */
    record Setup(RunningBot running, Database database, WebUser admin, WebUser user,
                         Seeded ids) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
            running.close();
        }
    }

    static Setup start(DatabaseUrl db, Path dir) throws Exception {
        RunningBot running = RunningBot.startQueuedWithWeb(db, dir, RunningBot.options(64));
        Database database = null;
        try {
            database = Database.openMigrated(db.jdbcUrl(), 4);
            WebUser admin = WebUser.invited(running.webUrl(), database, true);
            WebUser user = WebUser.invited(running.webUrl(), database, false);
            long webUserId = running.sql.number("SELECT id FROM web_user WHERE NOT admin");
            return new Setup(running, database, admin, user, seed(new CurationSeed(database), webUserId));
        } catch (Exception | Error e) {
            if (database != null) {
                database.close();
            }
            running.close();
            throw e;
        }
    }

    /**
     * A private chat of three questions (the second answered by a failed attempt, a 👎'd answer and, after 🔄, a 👍'd
     * one), a group question grounded in a document's passage, and a question in the web chat, a month later.
     */
    private static Seeded seed(CurationSeed seed, long webUserId) {
        long alice = seed.user(5001, "Алиса");
        long bob = seed.user(5002, "Борис");
        long web = WebIds.of(webUserId);
        Instant march = Instant.parse("2026-03-01T09:00:00Z");

        long c1 = seed.conversation(seed.chat(alice, "private"), PRIVATE_PROMPT);
        long q1 = seed.ask(c1, alice, "Сколько лет живут сайгаки?", march);
        long a1 = seed.answer(c1, q1, LONG_ANSWER, "saiga-a", "complete", march.plusSeconds(30));
        long q2 = seed.ask(c1, alice, "А чем они питаются зимой?", march.plusSeconds(60));
        long a2Failed = seed.answer(c1, q2, "Ошибка генерации", "saiga-a", "failed", march.plusSeconds(70));
        long a2Old = seed.answer(c1, q2, "Зимой сайгаки едят ветки кустарников.", "saiga-a", "complete",
                march.plusSeconds(90));
        long a2 = seed.answer(c1, q2, "Зимой сайгаки едят **сухую траву** и полынь из-под снега.", "saiga-a",
                "complete", march.plusSeconds(120));
        seed.supersede(a2Old, march.plusSeconds(100));
        long q3 = seed.ask(c1, alice, "Спасибо! А где они зимуют?", march.plusSeconds(180));
        long a3 = seed.answer(c1, q3, "Сайгаки зимуют на Луне, в кратере Коперника.", "saiga-a", "complete",
                march.plusSeconds(200));

        long group = seed.chat(-1001234567890L, "supergroup");
        long c2 = seed.conversation(group, "Ты — Сайга, помощник группы.");
        long q4 = seed.ask(c2, bob, "Бот, сколько весит взрослый сайгак?", Instant.parse("2026-03-15T12:00:00Z"));
        seed.given(q4, seed.passage(group, "saiga.pdf", "Вес", "Взрослый сайгак весит от двадцати трёх до сорока "
                + "килограммов."));
        long a4 = seed.answer(c2, q4, "Взрослый сайгак весит около тонны [1].", "saiga-b", "complete",
                Instant.parse("2026-03-15T12:00:20Z"));

        long c3 = seed.conversation(web, "Ты — Сайга в веб-чате.");
        long q5 = seed.ask(c3, web, "Напиши хокку о весенней степи", Instant.parse("2026-04-10T18:00:00Z"));
        long a5 = seed.answer(c3, q5, "Степь без края спит,\nсайгак глядит на закат —\nветер несёт пыль.", "saiga-a",
                "complete", Instant.parse("2026-04-10T18:00:15Z"));

        seed.vote(a1, alice, 1, "button");
        seed.vote(a2Old, alice, -1, "button");
        seed.vote(a2, alice, 1, "button");
        seed.vote(a3, alice, -1, "reaction");
        seed.vote(a4, bob, -1, "reaction");
        seed.vote(a4, alice, -1, "button");
        seed.vote(a5, web, -1, "web");
        return new Seeded(webUserId, c1, q1, a1, q2, a2Failed, a2Old, a2, q3, a3, c2, q4, a4, c3, q5, a5);
    }

    @Test
    void votedAnswersAreBrowsedByEveryFilterAndShownAsTheModelSawThem(DatabaseUrl db, @TempDir Path dir)
            throws Exception {
        try (Setup setup = start(db, dir)) {
            WebUser admin = setup.admin();
            Seeded s = setup.ids();

            assertThat(ids(admin, "vote=any")).containsExactlyElementsOf(s.all());
            assertThat(ids(admin, "")).as("no vote filter: any vote").containsExactlyElementsOf(s.all());
            assertThat(ids(admin, "vote=down")).containsExactly(s.a5(), s.a4(), s.a3(), s.a2Old());
            assertThat(ids(admin, "vote=up")).containsExactly(s.a2(), s.a1());
            assertThat(ids(admin, "model=saiga-b")).containsExactly(s.a4());
            assertThat(ids(admin, "chat=group")).as("a supergroup is a group").containsExactly(s.a4());
            assertThat(ids(admin, "chat=web")).containsExactly(s.a5());
            assertThat(ids(admin, "chat=private&vote=down")).containsExactly(s.a3(), s.a2Old());
            assertThat(ids(admin, "chat=api")).isEmpty();
            assertThat(ids(admin, "feedback=reaction")).containsExactly(s.a4(), s.a3());
            assertThat(ids(admin, "vote=down&feedback=button")).as("a 👎 given with the button")
                    .containsExactly(s.a4(), s.a2Old());
            assertThat(ids(admin, "feedback=web")).containsExactly(s.a5());
            assertThat(ids(admin, "from=2026-04-01")).containsExactly(s.a5());
            assertThat(ids(admin, "to=2026-03-10")).containsExactly(s.a3(), s.a2(), s.a2Old(), s.a1());
            assertThat(ids(admin, "from=2026-03-15&to=2026-03-15")).as("both days included").containsExactly(s.a4());

            // Keyset pages, newest first: every answer once.
            JsonNode first = json(get(admin, ANSWERS + "?vote=any&limit=4"));
            assertThat(idsOf(first)).containsExactly(s.a5(), s.a4(), s.a3(), s.a2());
            assertThat(first.get("next_before").asLong()).isEqualTo(s.a2());
            JsonNode second = json(get(admin, ANSWERS + "?vote=any&limit=4&before=" + s.a2()));
            assertThat(idsOf(second)).containsExactly(s.a2Old(), s.a1());
            assertThat(second.get("next_before").isNull()).isTrue();
            assertThat(json(get(admin, ANSWERS + "?vote=any&limit=6")).get("next_before").isNull())
                    .as("a last page that is exactly full").isTrue();

            JsonNode a4 = row(admin, "vote=down", s.a4());
            assertThat(a4.get("conversation_id").asLong()).isEqualTo(s.c2());
            assertThat(a4.get("chat_kind").asText()).isEqualTo("supergroup");
            assertThat(a4.get("model").asText()).isEqualTo("saiga-b");
            assertThat(a4.get("question").asText()).isEqualTo("Бот, сколько весит взрослый сайгак?");
            assertThat(a4.get("answer").asText()).isEqualTo("Взрослый сайгак весит около тонны [1].");
            assertThat(a4.get("votes").get("up").asInt()).isZero();
            assertThat(a4.get("votes").get("down").asInt()).isEqualTo(2);
            assertThat(texts(a4.get("votes").get("sources"))).containsExactly("button", "reaction");
            assertThat(a4.get("created_at").asText()).isEqualTo("2026-03-15T12:00:20Z");
            assertThat(a4.get("exclusions")).isEmpty();
            JsonNode a1 = row(admin, "vote=up", s.a1());
            assertThat(a1.get("answer_cut").asBoolean()).isTrue();
            assertThat(a1.get("answer").asText()).hasSize(CurationStore.SNIPPET_CHARS)
                    .isEqualTo(LONG_ANSWER.substring(0, CurationStore.SNIPPET_CHARS));
            assertThat(a1.get("question_cut").asBoolean()).isFalse();

            JsonNode filters = json(get(admin, "/web/api/admin/curation/filters"));
            assertThat(texts(filters.get("models"))).containsExactly("saiga-a", "saiga-b");

            // The last answer's prompt: the failed attempt and the answer replaced by 🔄 are not in it.
            JsonNode view = json(get(admin, ANSWERS + "/" + s.a3()));
            assertThat(view.get("conversation").get("system_prompt").asText()).isEqualTo(PRIVATE_PROMPT);
            assertThat(view.get("conversation").get("id").asLong()).isEqualTo(s.c1());
            assertThat(turnIds(view)).containsExactly(s.q1(), s.a1(), s.q2(), s.a2(), s.q3(), s.a3());
            assertThat(roles(view)).containsExactly("user", "assistant", "user", "assistant", "user", "assistant");
            assertThat(view.get("turns").get(5).get("answer").asBoolean()).isTrue();
            assertThat(view.get("turns").get(3).get("answer").asBoolean()).isFalse();
            assertThat(view.get("turns").get(5).get("content").asText()).startsWith("Сайгаки зимуют на Луне");
            assertThat(view.get("turns").get(1).get("content").asText()).as("turns are shown whole")
                    .isEqualTo(LONG_ANSWER);
            assertThat(view.get("earlier_turns_left_out").asBoolean()).isFalse();
            assertThat(view.get("answer").get("votes").get("down").asInt()).isEqualTo(1);
            // The replaced answer was written before 🔄 replaced it: its prompt ends with its own question.
            JsonNode replaced = json(get(admin, ANSWERS + "/" + s.a2Old()));
            assertThat(turnIds(replaced)).containsExactly(s.q1(), s.a1(), s.q2(), s.a2Old());
            // A grounded question carries the passages the model was given.
            JsonNode grounded = json(get(admin, ANSWERS + "/" + s.a4()));
            assertThat(turnIds(grounded)).containsExactly(s.q4(), s.a4());
            JsonNode question = grounded.get("turns").get(0);
            assertThat(question.get("author").asText()).isEqualTo("Борис");
            assertThat(question.get("grounding").asText()).isEqualTo("found");
            assertThat(question.get("passages")).hasSize(1);
            JsonNode passage = question.get("passages").get(0);
            assertThat(passage.get("number").asInt()).isEqualTo(1);
            assertThat(passage.get("file_name").asText()).isEqualTo("saiga.pdf");
            assertThat(passage.get("page").asInt()).isEqualTo(2);
            assertThat(passage.get("section").asText()).isEqualTo("Вес");
            assertThat(passage.get("text").asText()).startsWith("Взрослый сайгак весит от двадцати");
            assertThat(grounded.get("answer").get("chat_kind").asText()).isEqualTo("supergroup");

            assertThat(get(admin, ANSWERS + "/" + s.q3()).statusCode()).as("a question is no answer").isEqualTo(404);
            assertThat(get(admin, ANSWERS + "/987654321").statusCode()).isEqualTo(404);
            assertThat(get(admin, ANSWERS + "/abc").statusCode()).isEqualTo(400);
            for (String bad : List.of("vote=sideways", "chat=channel7", "feedback=pigeon", "from=2026-13-45",
                    "from=yesterday", "to=2026-03-01T00:00:00Z", "from=2026-03-02&to=2026-03-01", "excluded=maybe",
                    "limit=0", "limit=101", "limit=x", "before=-1", "before=1e9", "model=" + "m".repeat(201))) {
                HttpResponse<String> refused = get(admin, ANSWERS + "?" + bad);
                assertThat(refused.statusCode()).as(bad).isEqualTo(400);
                assertThat(parse(refused.body()).get("error").asText()).as(bad).isNotBlank();
            }
        }
    }

    @Test
    void exclusionsAreStoredUndoneAndRefusedToHostileAndUnauthorisedRequests(DatabaseUrl db, @TempDir Path dir)
            throws Exception {
        try (Setup setup = start(db, dir)) {
            WebUser admin = setup.admin();
            Seeded s = setup.ids();
            long adminId = setup.running().sql.number("SELECT id FROM web_user WHERE admin");

            HttpResponse<String> made = post(admin, EXCLUSIONS, "{\"message_id\": " + s.a3() + ", \"reason\": "
                    + "\"Выдумка: сайгаки не зимуют на Луне\"}");
            assertThat(made.statusCode()).isEqualTo(201);
            JsonNode answerMark = json(made);
            assertThat(answerMark.get("created").asBoolean()).isTrue();
            JsonNode exclusion = answerMark.get("exclusion");
            assertThat(exclusion.get("scope").asText()).isEqualTo("answer");
            assertThat(exclusion.get("message_id").asLong()).isEqualTo(s.a3());
            assertThat(exclusion.get("excluded_by").asLong()).isEqualTo(adminId);
            assertThat(setup.running().sql.rows("SELECT message_id, conversation_id, reason, excluded_by "
                    + "FROM training_exclusion")).containsExactly(Arrays.asList(s.a3(), null,
                    "Выдумка: сайгаки не зимуют на Луне", adminId));

            HttpResponse<String> again = post(admin, EXCLUSIONS, "{\"message_id\": " + s.a3() + ", \"reason\": "
                    + "\"другая причина\"}");
            assertThat(again.statusCode()).as("marking twice changes nothing").isEqualTo(200);
            assertThat(json(again).get("created").asBoolean()).isFalse();
            assertThat(json(again).get("exclusion").get("id").asLong()).isEqualTo(exclusion.get("id").asLong());
            assertThat(json(again).get("exclusion").get("reason").asText()).startsWith("Выдумка");
            assertThat(setup.running().sql.number("SELECT count(*) FROM training_exclusion")).isEqualTo(1);

            JsonNode conversationMark = json(post(admin, EXCLUSIONS, "{\"conversation_id\": " + s.c2()
                    + ", \"reason\": \"Группа обсуждала закрытые данные\"}"));
            assertThat(conversationMark.get("exclusion").get("scope").asText()).isEqualTo("conversation");
            assertThat(conversationMark.get("exclusion").get("conversation_id").asLong()).isEqualTo(s.c2());

            // The list and the view show the marks, and the excluded filter follows them.
            JsonNode listed = row(admin, "vote=down", s.a3());
            assertThat(listed.get("exclusions")).hasSize(1);
            assertThat(listed.get("exclusions").get(0).get("reason").asText())
                    .isEqualTo("Выдумка: сайгаки не зимуют на Луне");
            JsonNode group = row(admin, "vote=down", s.a4());
            assertThat(group.get("exclusions").get(0).get("scope").asText()).isEqualTo("conversation");
            assertThat(ids(admin, "vote=any&excluded=yes")).containsExactly(s.a4(), s.a3());
            assertThat(ids(admin, "vote=any&excluded=no")).containsExactly(s.a5(), s.a2(), s.a2Old(), s.a1());
            JsonNode view = json(get(admin, ANSWERS + "/" + s.a4()));
            assertThat(view.get("answer").get("exclusions").get(0).get("reason").asText())
                    .isEqualTo("Группа обсуждала закрытые данные");

            // Undo, twice: the second finds nothing left to undo.
            long markId = exclusion.get("id").asLong();
            JsonNode undone = json(post(admin, EXCLUSIONS + "/" + markId + "/delete", "{}"));
            assertThat(undone.get("deleted").asBoolean()).isTrue();
            assertThat(json(post(admin, EXCLUSIONS + "/" + markId + "/delete", "{}")).get("deleted")
                    .asBoolean()).isFalse();
            assertThat(ids(admin, "vote=any&excluded=yes")).containsExactly(s.a4());
            assertThat(setup.running().sql.number("SELECT count(*) FROM training_exclusion WHERE message_id = ?",
                    s.a3())).isZero();

            long before = setup.running().sql.number("SELECT count(*) FROM training_exclusion");
            Map<String, Integer> hostile = new LinkedHashMap<>();
            hostile.put("{\"message_id\": " + s.q3() + ", \"reason\": \"вопрос\"}", 400);
            hostile.put("{\"message_id\": " + s.a1() + ", \"conversation_id\": " + s.c1() + ", \"reason\": \"x\"}",
                    400);
            hostile.put("{\"reason\": \"ни того, ни другого\"}", 400);
            hostile.put("{\"message_id\": " + s.a1() + "}", 400);
            hostile.put("{\"message_id\": " + s.a1() + ", \"reason\": 42}", 400);
            hostile.put("{\"message_id\": " + s.a1() + ", \"reason\": \"   \"}", 400);
            hostile.put("{\"message_id\": " + s.a1() + ", \"reason\": \"" + "я".repeat(501) + "\"}", 400);
            hostile.put("{\"message_id\": " + s.a1() + ", \"reason\": \"" + "x".repeat(100_000) + "\"}", 400);
            hostile.put("{\"message_id\": \"" + s.a1() + "\", \"reason\": \"строка вместо числа\"}", 400);
            hostile.put("{\"message_id\": -5, \"reason\": \"отрицательный\"}", 400);
            hostile.put("{\"message_id\": 1.5, \"reason\": \"дробный\"}", 400);
            hostile.put("{\"message_id\": 99999999999999999999999, \"reason\": \"огромный\"}", 400);
            hostile.put("{\"message_id\": 987654321, \"reason\": \"нет такого\"}", 404);
            hostile.put("{\"conversation_id\": 987654321, \"reason\": \"нет такого\"}", 404);
            hostile.put("[1, 2, 3]", 400);
            hostile.put("not json", 400);
            for (Map.Entry<String, Integer> request : hostile.entrySet()) {
                HttpResponse<String> refused = post(admin, EXCLUSIONS, request.getKey());
                String shown = request.getKey().substring(0, Math.min(80, request.getKey().length()));
                assertThat(refused.statusCode()).as(shown).isEqualTo(request.getValue());
                assertThat(parse(refused.body()).get("error").asText()).as(shown).isNotBlank();
            }
            assertThat(post(admin, EXCLUSIONS + "/abc/delete", "{}").statusCode()).isEqualTo(400);
            assertThat(post(admin, EXCLUSIONS + "/0/delete", "{}").statusCode()).isEqualTo(400);
            String reason500 = "я".repeat(500);
            assertThat(post(admin, EXCLUSIONS, "{\"message_id\": " + s.a1() + ", \"reason\": \"" + reason500 + "\"}")
                    .statusCode()).as("500 characters fit").isEqualTo(201);
            before++;

            // Without the page's CSRF token, and for a chat user, nothing changes.
            String valid = "{\"message_id\": " + s.a5() + ", \"reason\": \"подделка\"}";
            assertThat(post(admin.withCsrf(""), EXCLUSIONS, valid).statusCode()).isEqualTo(403);
            assertThat(post(admin.withCsrf("not-the-token"), EXCLUSIONS, valid).statusCode()).isEqualTo(403);
            assertThat(post(admin.withCsrf(""), EXCLUSIONS + "/"
                    + conversationMark.get("exclusion").get("id").asLong() + "/delete", "{}").statusCode()).isEqualTo(403);
            WebUser user = setup.user();
            assertThat(post(user, EXCLUSIONS, valid).statusCode()).isEqualTo(403);
            assertThat(get(user, ANSWERS + "?vote=any").statusCode()).isEqualTo(403);
            assertThat(get(user, ANSWERS + "/" + s.a5()).statusCode()).isEqualTo(403);
            assertThat(get(user, DATASET).statusCode()).isEqualTo(403);
            assertThat(get(user, "/web/api/admin/curation/arena-report.zip").statusCode()).isEqualTo(403);
            assertThat(setup.running().sql.number("SELECT count(*) FROM training_exclusion")).isEqualTo(before);
        }
    }

    @Test
    void theDatasetAndTheArenaReportDownloadAsZips(DatabaseUrl db, @TempDir Path dir) throws Exception {
        try (Setup setup = start(db, dir)) {
            WebUser admin = setup.admin();
            Set<Path> tempBefore = downloadFolders();

            HttpResponse<byte[]> download = admin.download(DATASET);
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
            assertThat(download.headers().firstValue("Content-Disposition").orElse(""))
                    .startsWith("attachment; filename=\"saiga-dataset-");
            Map<String, String> files = unzip(download.body());
            assertThat(files.keySet()).containsExactlyInAnyOrder("sft.train.jsonl", "sft.val.jsonl", "kto.train.jsonl",
                    "kto.val.jsonl", "dpo.train.jsonl", "dpo.val.jsonl", "dataset.md", "stats.json");
            // Every finished, voted answer is a KTO record, its label its vote; the 👍 ones are SFT records; the
            // answer replaced by 🔄 and its replacement make a DPO pair.
            Map<String, Boolean> kto = ktoLabels(files);
            assertThat(kto).containsOnlyKeys(LONG_ANSWER, "Зимой сайгаки едят ветки кустарников.",
                    "Зимой сайгаки едят **сухую траву** и полынь из-под снега.",
                    "Сайгаки зимуют на Луне, в кратере Коперника.", "Взрослый сайгак весит около тонны [1].",
                    "Степь без края спит,\nсайгак глядит на закат —\nветер несёт пыль.");
            assertThat(kto.get("Сайгаки зимуют на Луне, в кратере Коперника.")).isFalse();
            assertThat(kto.get(LONG_ANSWER)).isTrue();
            assertThat(lines(files, "sft")).hasSize(2);
            assertThat(lines(files, "dpo")).hasSize(1);
            JsonNode stats = parse(files.get("stats.json"));
            assertThat(stats.get("files").get("kto.train.jsonl").asLong() + stats.get("files").get("kto.val.jsonl")
                    .asLong()).isEqualTo(6);
            assertThat(files.get("dataset.md")).startsWith("# Saiga Bot feedback dataset");

            // The page's date range is the export's.
            Map<String, String> april = unzip(admin.download(DATASET + "?from=2026-04-01&to=2026-04-30&formats=kto")
                    .body());
            assertThat(april.keySet()).containsExactlyInAnyOrder("kto.train.jsonl", "kto.val.jsonl", "dataset.md",
                    "stats.json");
            assertThat(ktoLabels(april)).containsOnlyKeys(
                    "Степь без края спит,\nсайгак глядит на закат —\nветер несёт пыль.");
            assertThat(get(admin, DATASET + "?formats=csv").statusCode()).isEqualTo(400);
            assertThat(get(admin, DATASET + "?from=2026-05-01&to=2026-04-01").statusCode()).isEqualTo(400);

            // While one export waits for the database, a second is refused rather than run beside it.
            try (Connection lock = DriverManager.getConnection(db.jdbcUrl());
                 Statement statement = lock.createStatement()) {
                lock.setAutoCommit(false);
                statement.execute("LOCK TABLE feedback IN ACCESS EXCLUSIVE MODE");
                CompletableFuture<HttpResponse<byte[]>> first = CompletableFuture.supplyAsync(() -> {
                    try {
                        return admin.download(DATASET);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                });
                setup.running().sql.awaitLockWaitOrEnd(first, WAIT);
                assertThat(first).as("the first export waits for the lock").isNotDone();
                HttpResponse<String> second = get(admin, DATASET);
                assertThat(second.statusCode()).isEqualTo(409);
                assertThat(parse(second.body()).get("error").asText()).contains("already");
                lock.rollback();
                assertThat(first.get().statusCode()).isEqualTo(200);
                assertThat(unzip(first.get().body())).containsKey("kto.train.jsonl");
            }

            HttpResponse<byte[]> report = admin.download("/web/api/admin/curation/arena-report.zip");
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.headers().firstValue("Content-Disposition").orElse(""))
                    .startsWith("attachment; filename=\"saiga-arena-report-");
            Map<String, String> reportFiles = unzip(report.body());
            assertThat(reportFiles.keySet()).containsExactlyInAnyOrder("report.md", "report.json", "winrates.png");
            assertThat(reportFiles.get("report.md")).startsWith("# Arena report");
            assertThat(parse(reportFiles.get("report.json")).get("votes").asInt()).isZero();
            assertThat(get(admin, "/web/api/admin/curation/arena-report.zip?min_accuracy=2").statusCode())
                    .isEqualTo(400);

            assertThat(downloadFolders()).as("the temporary folders are deleted").isSubsetOf(tempBefore);
        }
    }

    @Test
    void anExcludedAnswerOrConversationLeavesTheNextDataset(DatabaseUrl db, @TempDir Path dir) throws Exception {
        try (Setup setup = start(db, dir)) {
            WebUser admin = setup.admin();
            Seeded s = setup.ids();
            String moon = "Сайгаки зимуют на Луне, в кратере Коперника.";
            String tonne = "Взрослый сайгак весит около тонны [1].";
            assertThat(ktoLabels(unzip(admin.download(DATASET).body()))).containsKeys(moon, tonne);

            JsonNode answerMark = json(post(admin, EXCLUSIONS, "{\"message_id\": " + s.a3()
                    + ", \"reason\": \"Выдумка\"}")).get("exclusion");
            json(post(admin, EXCLUSIONS, "{\"conversation_id\": " + s.c2() + ", \"reason\": \"Закрытая группа\"}"));
            Map<String, String> files = unzip(admin.download(DATASET).body());
            Map<String, Boolean> kto = ktoLabels(files);
            assertThat(kto).doesNotContainKeys(moon, tonne).hasSize(4);
            // The excluded answer's question and the turns before it still make the others' prompts.
            assertThat(kto).containsKey("Степь без края спит,\nсайгак глядит на закат —\nветер несёт пыль.");
            JsonNode removed = parse(files.get("stats.json")).get("removed");
            assertThat(removed.get("excluded_answer").get("kto").asInt()).isEqualTo(1);
            assertThat(removed.get("excluded_conversation").get("kto").asInt()).isEqualTo(1);
            assertThat(files.get("dataset.md")).contains("| answer excluded from training by an operator on the "
                    + "dashboard (it stays in the history of later turns) | 0 | 1 | 0 |")
                    .contains("| conversation excluded from training by an operator on the dashboard | 0 | 1 | 0 |");

            json(post(admin, EXCLUSIONS + "/" + answerMark.get("id").asLong() + "/delete", "{}"));
            assertThat(ktoLabels(unzip(admin.download(DATASET).body()))).as("undone: back in the next export")
                    .containsKey(moon).doesNotContainKey(tonne);
        }
    }

    private static HttpResponse<String> get(WebUser who, String path) throws Exception {
        return who.send("GET", path, null);
    }

    /** A change with a body as written: the hostile ones must reach the server as they are. */
    private static HttpResponse<String> post(WebUser who, String path, String json) throws Exception {
        return who.sendRaw("POST", path, json);
    }

    /** The body of a 2xx answer as JSON; anything else fails with the answer in the message. */
    private static JsonNode json(HttpResponse<String> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(response.request().method() + " " + response.uri().getPath() + ": "
                    + response.statusCode() + " " + response.body());
        }
        return parse(response.body());
    }

    static JsonNode parse(String body) throws IOException {
        return JSON.readTree(body);
    }

    private static List<Long> ids(WebUser admin, String query) throws Exception {
        return idsOf(json(get(admin, ANSWERS + "?" + query)));
    }

    private static List<Long> idsOf(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("answers").forEach(answer -> ids.add(answer.get("id").asLong()));
        return ids;
    }

    private static JsonNode row(WebUser admin, String query, long id) throws Exception {
        for (JsonNode answer : json(get(admin, ANSWERS + "?" + query)).get("answers")) {
            if (answer.get("id").asLong() == id) {
                return answer;
            }
        }
        throw new AssertionError("answer " + id + " is not listed for " + query);
    }

    private static List<Long> turnIds(JsonNode view) {
        List<Long> ids = new ArrayList<>();
        view.get("turns").forEach(turn -> ids.add(turn.get("id").asLong()));
        return ids;
    }

    private static List<String> roles(JsonNode view) {
        return streamOf(view.get("turns")).map(turn -> turn.get("role").asText()).toList();
    }

    private static List<String> texts(JsonNode array) {
        return streamOf(array).map(JsonNode::asText).toList();
    }

    private static Stream<JsonNode> streamOf(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    /** The files of a zip, by name, as UTF-8 text (the chart's bytes come out garbled, which is fine here). */
    static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    static List<JsonNode> lines(Map<String, String> files, String format) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String split : List.of(".train.jsonl", ".val.jsonl")) {
            for (String line : files.get(format + split).split("\n")) {
                if (!line.isBlank()) {
                    records.add(parse(line));
                }
            }
        }
        return records;
    }

    /** The KTO records' completions, with their labels. */
    static Map<String, Boolean> ktoLabels(Map<String, String> files) throws IOException {
        return lines(files, "kto").stream().collect(Collectors.toMap(
                record -> record.get("completion").get(0).get("content").asText(),
                record -> record.get("label").asBoolean()));
    }

    private static Set<Path> downloadFolders() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(path -> path.getFileName().toString().startsWith("saiga-dataset-")
                    || path.getFileName().toString().startsWith("saiga-arena-report-")).collect(Collectors.toSet());
        }
    }
}
