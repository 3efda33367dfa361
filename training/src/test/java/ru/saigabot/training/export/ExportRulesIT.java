package ru.saigabot.training.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.inference.grounding.GivenPassage;
import ru.saigabot.inference.grounding.GroundedQuestion;
import ru.saigabot.training.testing.Fixture;
import ru.saigabot.training.testing.Seed;
import ru.saigabot.training.testing.TestDatabase;

/** The rules that need the whole export (duplicates, per-user caps), the date range and the split, on a real database. */
@ExtendWith(TestDatabase.class)
class ExportRulesIT {
    private final ObjectMapper json = new ObjectMapper();

    private static ExportOptions options(Path out, int valPercent, int maxPerUser, Set<ExportFormat> formats,
                                         Optional<Instant> since, Optional<Instant> until) {
        return new ExportOptions(out, since, until, formats, valPercent, 0.6, maxPerUser, 2.08);
    }

    private List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(json.readTree(line));
        }
        return nodes;
    }

    private List<JsonNode> both(Path out, ExportFormat format) throws IOException {
        List<JsonNode> all = new ArrayList<>(lines(out.resolve(format.fileName(true))));
        all.addAll(lines(out.resolve(format.fileName(false))));
        return all;
    }

    @Test
    void nearDuplicatePromptsCollapseToTheBestVoted(DataSource db, @TempDir Path out) throws IOException {
        Seed seed = new Seed(db);
        List<Long> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(seed.user(100 + i, null, null));
        }
        long group = seed.groupChat(-100500, "g");
        long c1 = seed.conversation(group, "SYS");
        long q1 = seed.ask(c1, users.get(0), "Как приготовить борщ?");
        long a1 = seed.answer(c1, q1, "Сварите бульон, добавьте свёклу.");
        seed.vote(a1, users.get(0), 1);
        long c2 = seed.conversation(group, "SYS");
        long q2 = seed.ask(c2, users.get(1), "как  приготовить БОРЩ!!");
        long a2 = seed.answer(c2, q2, "Лучший рецепт борща: бульон, свёкла, капуста.");
        for (long user : users.subList(0, 3)) {
            seed.vote(a2, user, 1);
        }

        ExportStats stats = new TrainingExport(db).run(options(out, 3, 0, EnumSet.allOf(ExportFormat.class),
                Optional.empty(), Optional.empty()));

        List<JsonNode> sft = both(out, ExportFormat.SFT);
        assertThat(sft).hasSize(1);
        assertThat(sft.get(0).get("messages").get(2).get("content").asText()).startsWith("Лучший рецепт");
        assertThat(stats.removed().get("duplicate_prompt")).containsEntry("sft", 1L).containsEntry("kto", 1L);
    }

    @Test
    void oneUsersShareIsCappedKeepingTheirBestVoted(DataSource db, @TempDir Path out) throws IOException {
        Seed seed = new Seed(db);
        long heavy = seed.user(1, "Пётр", null);
        long light = seed.user(2, "Олег", null);
        long voter = seed.user(3, null, null);
        long c = seed.conversation(seed.privateChat(heavy), "SYS");
        for (int i = 0; i < 5; i++) {
            long q = seed.ask(c, heavy, "Вопрос номер " + i + " про погоду");
            long a = seed.answer(c, q, "Ответ номер " + i + " про погоду");
            seed.vote(a, heavy, 1);
            if (i == 3) {
                seed.vote(a, voter, 1);
            }
        }
        long c2 = seed.conversation(seed.privateChat(light), "SYS");
        seed.vote(seed.answer(c2, seed.ask(c2, light, "Одинокий вопрос"), "Одинокий ответ"), light, 1);

        ExportStats stats = new TrainingExport(db).run(options(out, 0, 2, EnumSet.of(ExportFormat.SFT),
                Optional.empty(), Optional.empty()));

        List<JsonNode> sft = lines(out.resolve("sft.train.jsonl"));
        assertThat(sft).hasSize(3);
        // Kept: answer 3 (two votes), then the earliest of the equally voted; written in conversation order.
        assertThat(sft.get(0).toString()).contains("Ответ номер 0");
        assertThat(sft.get(1).toString()).contains("Ответ номер 3");
        assertThat(sft.get(2).toString()).as("other users are not capped").contains("Одинокий ответ");
        assertThat(stats.removed().get("user_cap")).containsEntry("sft", 3L);
        assertThat(Files.exists(out.resolve("kto.train.jsonl"))).as("only the selected formats").isFalse();
    }

    @Test
    void dateRangeSelectsPromptsBySendTime(DataSource db, @TempDir Path out) throws IOException {
        Seed seed = new Seed(db);
        long user = seed.user(1, null, null);
        long c = seed.conversation(seed.privateChat(user), "SYS");
        seed.at(Instant.parse("2026-01-10T12:00:00Z"));
        seed.vote(seed.answer(c, seed.ask(c, user, "Январский вопрос"), "Январский ответ"), user, 1);
        seed.at(Instant.parse("2026-02-10T12:00:00Z"));
        seed.vote(seed.answer(c, seed.ask(c, user, "Февральский вопрос"), "Февральский ответ"), user, 1);
        seed.at(Instant.parse("2026-03-10T12:00:00Z"));
        seed.vote(seed.answer(c, seed.ask(c, user, "Мартовский вопрос"), "Мартовский ответ"), user, -1);

        ExportStats stats = new TrainingExport(db).run(options(out, 0, 0, EnumSet.allOf(ExportFormat.class),
                Optional.of(DateBound.since("2026-02-01")), Optional.of(DateBound.until("2026-02-28"))));

        List<JsonNode> kto = both(out, ExportFormat.KTO);
        assertThat(kto).hasSize(1);
        assertThat(kto.get(0).get("completion").get(0).get("content").asText()).isEqualTo("Февральский ответ");
        assertThat(kto.get(0).get("prompt").toString()).as("earlier turns stay as history").contains("Январский");
        assertThat(stats.removed().get("out_of_range")).containsEntry("kto", 2L).containsEntry("sft", 1L);
        assertThat(stats.firstPrompt()).contains(Instant.parse("2026-02-10T12:00:00Z"));
        assertThat(Files.readString(out.resolve("dataset.md"))).contains("2026-02-01T00:00:00Z");
    }

    @Test
    void splitIsStableAndNoPromptLandsInBothFiles(DataSource db, @TempDir Path first, @TempDir Path second)
            throws IOException {
        Seed seed = new Seed(db);
        long user = seed.user(1, null, null);
        for (int i = 0; i < 60; i++) {
            long c = seed.conversation(seed.privateChat(1000 + i), "SYS");
            long q = seed.ask(c, user, "Вопрос " + i);
            seed.vote(seed.answer(c, q, "Хороший ответ " + i), user, 1);
            seed.vote(seed.answer(c, q, "Плохой ответ " + i), user, -1);
        }
        new TrainingExport(db).run(options(first, 30, 0, EnumSet.allOf(ExportFormat.class), Optional.empty(),
                Optional.empty()));
        new TrainingExport(db).run(options(second, 30, 0, EnumSet.allOf(ExportFormat.class), Optional.empty(),
                Optional.empty()));

        for (ExportFormat format : ExportFormat.values()) {
            for (boolean train : new boolean[] {true, false}) {
                assertThat(Files.readString(second.resolve(format.fileName(train))))
                        .as("a second export is identical").isEqualTo(Files.readString(first.resolve(format.fileName(train))));
            }
        }
        Set<String> trainPrompts = new java.util.HashSet<>();
        Set<String> valPrompts = new java.util.HashSet<>();
        for (ExportFormat format : ExportFormat.values()) {
            String field = format == ExportFormat.SFT ? "messages" : "prompt";
            for (JsonNode line : lines(first.resolve(format.fileName(true)))) {
                trainPrompts.add(line.get(field).get(1).get("content").asText());
            }
            for (JsonNode line : lines(first.resolve(format.fileName(false)))) {
                valPrompts.add(line.get(field).get(1).get("content").asText());
            }
        }
        assertThat(trainPrompts).isNotEmpty().doesNotContainAnyElementsOf(valPrompts);
        assertThat(valPrompts).isNotEmpty();
        for (String prompt : valPrompts) {
            assertThat(ru.saigabot.training.split.PromptSplit.bucket(prompt)).isGreaterThanOrEqualTo(70);
        }
    }

    /**
     * Questions over a chat's documents (#17): a grounded question's record holds the passages as the model saw them,
     * the next question's record has it plain in its history (as the bot sent it), and a question whose document was
     * deleted since is skipped: its prompt can no longer be rebuilt.
     */
    @Test
    void questionsGroundedInDocumentsCarryTheirPassagesAsTheModelSawThem(DataSource db, @TempDir Path out)
            throws IOException {
        Seed seed = new Seed(db);
        long user = seed.user(1, null, null);
        long chat = seed.privateChat(user);
        long manual = seed.document(chat, "file.pdf");
        String warranty = "Гарантия на чайник — два года со дня покупки.";
        String repair = "Ремонт по гарантии делают сервисные центры.";
        long p1 = seed.passage(manual, 1, 3, null, warranty);
        long p2 = seed.passage(manual, 2, 7, null, repair);
        long c = seed.conversation(chat, "SYS");
        String question = "Какая гарантия на чайник?";
        long q1 = seed.ask(c, user, question);
        seed.given(q1, p1, p2);
        seed.vote(seed.answer(c, q1, "Два года со дня покупки [1]."), user, 1);
        long q2 = seed.ask(c, user, "Спасибо! А чайник умеет кипятить молоко?");
        seed.noneFound(q2);
        seed.vote(seed.answer(c, q2, "Нет, только воду."), user, 1);
        long leaflet = seed.document(chat, "leaflet.pdf");
        long c2 = seed.conversation(chat, "SYS");
        long q3 = seed.ask(c2, user, "Что написано в листовке магазина?");
        seed.given(q3, seed.passage(leaflet, 1, 1, null, "Скидки до конца месяца."));
        seed.vote(seed.answer(c2, q3, "Скидки до конца месяца [1]."), user, 1);
        seed.deleteDocument(leaflet);

        ExportStats stats = new TrainingExport(db).run(options(out, 0, 0, EnumSet.allOf(ExportFormat.class),
                Optional.empty(), Optional.empty()));

        List<JsonNode> sft = lines(out.resolve("sft.train.jsonl"));
        assertThat(sft).hasSize(2);
        JsonNode grounded = sft.get(0).get("messages");
        assertThat(grounded).hasSize(3);
        String lastUserTurn = grounded.get(1).get("content").asText();
        assertThat(lastUserTurn).contains("[1] file.pdf, с. 3", "[2] file.pdf, с. 7", question)
                .isEqualTo(String.join("\n", GroundedQuestion.parts(List.of(
                        new GivenPassage(1, "file.pdf", 3, null, warranty),
                        new GivenPassage(2, "file.pdf", 7, null, repair)), List.of(question))));
        JsonNode next = sft.get(1).get("messages");
        assertThat(next).hasSize(5);
        assertThat(next.get(1).get("content").asText()).as("history plain, as the bot sent it").isEqualTo(question);
        assertThat(next.get(3).get("content").asText()).as("searched, nothing found: asked plain")
                .isEqualTo("Спасибо! А чайник умеет кипятить молоко?");
        assertThat(both(out, ExportFormat.KTO)).hasSize(2);
        for (ExportFormat format : ExportFormat.values()) {
            assertThat(both(out, format).toString()).as("the deleted document's question").doesNotContain("листовке");
        }

        assertThat(stats.documents()).containsEntry("sft", 1L).containsEntry("kto", 1L).containsEntry("dpo", 0L);
        assertThat(stats.removed().get("documents_deleted")).containsEntry("sft", 1L).containsEntry("kto", 1L);
        String card = Files.readString(out.resolve("dataset.md"));
        assertThat(card).contains("Grounded in the chat's documents: sft 1, kto 1, dpo 0.")
                .contains("passages of the chat's documents its question was given, as the model saw them")
                .contains("| documents deleted after the answer: the question's passages are gone");
        JsonNode statsJson = json.readTree(out.resolve("stats.json").toFile());
        assertThat(statsJson.get("documents").get("sft").asLong()).isEqualTo(1);
        assertThat(statsJson.get("removed").get("documents_deleted").get("kto").asLong()).isEqualTo(1);
    }

    /**
     * The dashboard's exclusions (#19): an excluded answer gives no record of its own (nor a pair it is in) but stays
     * in the history of its conversation's later turns; an excluded conversation gives none at all. Exported before
     * and after the marks, exactly those records vanish, and the card and stats.json count them.
     */
    @Test
    void answersAndConversationsAnOperatorExcludedAreLeftOutAndCounted(DataSource db, @TempDir Path before,
                                                                        @TempDir Path after) throws IOException {
        Seed seed = new Seed(db);
        long user = seed.user(1, null, null);
        long other = seed.user(2, null, null);
        long c1 = seed.conversation(seed.privateChat(user), "SYS");
        seed.vote(seed.answer(c1, seed.ask(c1, user, "Как заварить чай?"), "Залейте чай горячей водой на пять минут."),
                user, 1);
        long coffee = seed.answer(c1, seed.ask(c1, user, "А кофе?"), "Сварите кофе в турке на медленном огне.");
        seed.vote(coffee, user, 1);
        seed.vote(seed.answer(c1, seed.ask(c1, user, "А какао?"), "Размешайте какао в тёплом молоке."), user, 1);
        // A live battle's pair (source arena) is a chat's: its answers are messages, so a mark on one takes it out.
        long battle = seed.ask(c1, user, "Что полезнее на завтрак?");
        long porridge = seed.answer(c1, battle, "Овсяная каша с ягодами.");
        long sandwich = seed.answer(c1, battle, "Бутерброд с колбасой.");
        seed.pair(battle, porridge, sandwich, "arena");
        long c2 = seed.conversation(seed.privateChat(other), "SYS");
        long pancakes = seed.ask(c2, other, "Как испечь блины?");
        long good = seed.answer(c2, pancakes, "Смешайте молоко, яйца и муку, жарьте на сковороде.");
        long bad = seed.answer(c2, pancakes, "Купите готовые блины в магазине.");
        seed.vote(good, other, 1);
        seed.vote(bad, other, -1);
        seed.pair(pancakes, good, bad, "regenerate");
        ExportOptions everything = options(before, 0, 0, EnumSet.allOf(ExportFormat.class), Optional.empty(),
                Optional.empty());
        new TrainingExport(db).run(everything);

        seed.excludeAnswer(coffee, "совет про кофе устарел");
        seed.excludeAnswer(sandwich, "не по теме");
        seed.excludeConversation(c2, "пользователь просил не учить на его переписке");
        ExportStats stats = new TrainingExport(db).run(options(after, 0, 0, EnumSet.allOf(ExportFormat.class),
                Optional.empty(), Optional.empty()));

        assertThat(vanished(before, after, ExportFormat.SFT)).as("sft").extracting(ExportRulesIT::answer)
                .containsExactlyInAnyOrder("Сварите кофе в турке на медленном огне.",
                        "Смешайте молоко, яйца и муку, жарьте на сковороде.");
        assertThat(vanished(before, after, ExportFormat.KTO)).as("kto").extracting(ExportRulesIT::answer)
                .containsExactlyInAnyOrder("Сварите кофе в турке на медленном огне.",
                        "Смешайте молоко, яйца и муку, жарьте на сковороде.", "Купите готовые блины в магазине.");
        assertThat(vanished(before, after, ExportFormat.DPO)).as("dpo").extracting(ExportRulesIT::answer)
                .containsExactlyInAnyOrder("Овсяная каша с ягодами.",
                        "Смешайте молоко, яйца и муку, жарьте на сковороде.");
        List<JsonNode> sft = both(after, ExportFormat.SFT);
        assertThat(sft).extracting(ExportRulesIT::answer).containsExactly("Залейте чай горячей водой на пять минут.",
                "Размешайте какао в тёплом молоке.");
        assertThat(sft.get(1).get("messages").get(4).get("content").asText())
                .as("the excluded answer stays in later turns' history")
                .isEqualTo("Сварите кофе в турке на медленном огне.");
        for (ExportFormat format : ExportFormat.values()) {
            assertThat(both(after, format).toString()).as("the excluded conversation").doesNotContain("блин");
        }

        assertThat(stats.removed().get("excluded_answer")).containsEntry("sft", 1L).containsEntry("kto", 1L)
                .containsEntry("dpo", 1L);
        assertThat(stats.removed().get("excluded_conversation")).containsEntry("sft", 1L).containsEntry("kto", 2L)
                .containsEntry("dpo", 1L);
        String card = Files.readString(after.resolve("dataset.md"));
        assertThat(card)
                .contains("| conversation excluded from training by an operator on the dashboard | 1 | 2 | 1 |")
                .contains("| answer excluded from training by an operator on the dashboard (it stays in the history "
                        + "of later turns) | 1 | 1 | 1 |")
                .contains("Operator exclusions were honoured: answers and conversations an operator excluded");
        JsonNode statsJson = json.readTree(after.resolve("stats.json").toFile());
        assertThat(statsJson.get("removed").get("excluded_answer").get("dpo").asLong()).isEqualTo(1);
        assertThat(statsJson.get("removed").get("excluded_conversation").get("kto").asLong()).isEqualTo(2);
        assertThat(json.readTree(before.resolve("stats.json").toFile()).get("removed").get("excluded_answer")
                .get("sft").asLong()).as("nothing counted before the marks").isZero();
    }

    /** The lines of a format's files in {@code before} that {@code after} no longer has; no line is new. */
    private List<JsonNode> vanished(Path before, Path after, ExportFormat format) throws IOException {
        List<JsonNode> kept = both(after, format);
        List<JsonNode> gone = new ArrayList<>(both(before, format));
        assertThat(gone).as(format.id() + ": every record left is one of the records before").containsAll(kept);
        gone.removeAll(kept);
        return gone;
    }

    /** The answer a record teaches: SFT's last message, KTO's completion, DPO's chosen answer. */
    private static String answer(JsonNode record) {
        JsonNode messages = record.has("messages") ? record.get("messages")
                : record.has("completion") ? record.get("completion") : record.get("chosen");
        return messages.get(messages.size() - 1).get("content").asText();
    }

    @Test
    void emptyDatabaseWritesEmptyFilesAndACard(DataSource db, @TempDir Path out) throws IOException {
        ExportStats stats = new TrainingExport(db).run(ExportOptions.defaults(out.resolve("new/folder")));
        assertThat(stats.files().values()).containsOnly(0L);
        assertThat(Files.size(out.resolve("new/folder/sft.train.jsonl"))).isZero();
        assertThat(Files.readString(out.resolve("new/folder/dataset.md"))).contains("Prompts from — to —");
    }

    @Test
    void fixtureExportsNoIdsOrNames(DataSource db, @TempDir Path out) throws IOException {
        Fixture.seed(db);
        new TrainingExport(db).run(ExportOptions.defaults(out));
        for (ExportFormat format : ExportFormat.values()) {
            for (boolean train : new boolean[] {true, false}) {
                assertThat(Files.readString(out.resolve(format.fileName(train))))
                        .doesNotContain("5001", "5002", "5003", "1001234567890", "Алиса", "Борис", "Карина", "alice",
                                "bob_b", "example.com", "4111", "912", "AAHfake");
            }
        }
    }
}
