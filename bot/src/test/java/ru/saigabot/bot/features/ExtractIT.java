package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.testing.app.RunningBot.WAIT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.access.AccessRules;
import ru.saigabot.bot.cli.Main;
import ru.saigabot.bot.extract.SchemaPresets;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.inference.RecordedRequests;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;
import ru.saigabot.bot.testing.telegram.TextEntity;
import ru.saigabot.bot.testing.telegram.UserMessage;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.Role;

/**
 * /extract and /schema through the real bot: the Bot API emulator, PostgreSQL and the tiny model, whose random
 * weights write nonsense that llama.cpp's grammar nevertheless holds to the schema, so every answer parses.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class ExtractIT {
    private static final long ADMIN = 5701;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTACT = "Познакомились на выставке: Иван Петрович Сидоров, менеджер по закупкам "
            + "в ООО «Ромашка», телефон +7 912 345-67-89, почта ivan.sidorov@example.ru, офис в Казани на улице "
            + "Баумана, 12.";
    /** A schema whose answer, pretty-printed, is longer than a message comfortably holds. */
    private static final String ROWS = """
            {"title": "Показания", "type": "object", "properties": {"rows": {"type": "array", "minItems": 60,
             "maxItems": 60, "items": {"type": "object", "properties": {
              "a": {"type": "integer", "minimum": 0, "maximum": 9},
              "b": {"type": "integer", "minimum": 0, "maximum": 9},
              "c": {"type": "integer", "minimum": 0, "maximum": 9}},
              "required": ["a", "b", "c"], "additionalProperties": false}}},
             "required": ["rows"], "additionalProperties": false}""";

    @Test
    void aRepliedMessageBecomesJsonInAConversationOfItsOwnAndAVoteTakesItToTheDataset(DatabaseUrl db, ModelPath model,
            @TempDir Path dir, @TempDir Path out) throws Exception {
        RecordedRequests recorded = new RecordedRequests();
        List<ChatRequest> requests = recorded.requests();
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(2000), 2,
                recorded)) {
            BotApiEmulator telegram = running.telegram;
            TestUser alice = telegram.user(5702, "Алиса", "ru");
            TestChat chat = telegram.privateChat(alice);

            telegram.sendText(chat, alice, "/extract");
            BotMessage usage = telegram.awaitBotMessage(chat.id(), m -> m.text().startsWith("🧩"), WAIT);
            assertThat(usage.text()).contains("/extract НАЗВАНИЕ", "• contact — контакт", "• event — событие",
                    "• invoice — счёт", "• order — заказ");

            // In a group a message not addressed to the bot is the conversation's context, not a question.
            TestChat group = telegram.supergroupChat(-1005702, "Отдел продаж");
            UserMessage card = telegram.sendText(group, alice, CONTACT);
            long current = Long.parseLong(Await.until(WAIT, () -> running.sql.strings("SELECT conversation_id::text "
                    + "FROM message WHERE chat_id = ? AND tg_message_id = ?", group.id(), card.messageId()),
                    ids -> !ids.isEmpty()).get(0));
            UserMessage command = telegram.replyText(group, alice, card.messageId(), "/extract contact");

            BotMessage answer = telegram.awaitBotMessage(group.id(), jsonAnswer(Set.of()), WAIT);
            JsonNode contact = JSON.readTree(answer.plainText());
            assertThat(fieldNames(contact)).containsExactlyElementsOf(presetFields("contact"));
            assertThat(answer.buttons()).extracting(b -> b.text()).containsExactly("👍", "👎", "🔄");
            assertThat(answer.entities()).singleElement().satisfies(code -> assertThat(code.language())
                    .isEqualTo("json"));
            assertThat(answer.replyToMessageId()).isEqualTo(command.messageId());
            assertThat(answer.hasDocument()).isFalse();
            ChatRequest asked = requests.get(0);
            assertThat(asked.messages()).extracting(ChatMessage::role).containsExactly(Role.SYSTEM, Role.USER);
            assertThat(asked.messages().get(0).content()).contains("«контакт»", "\"phone\"");
            assertThat(asked.messages().get(1).content()).as("the text alone, without its sender's name in front")
                    .isEqualTo(CONTACT);
            assertThat(asked.output().jsonSchema()).isEqualTo(SchemaPresets.get("contact").orElseThrow().json());

            long extraction = conversationOfAnswer(running, group, answer);
            assertThat(extraction).isNotEqualTo(current);
            assertThat(running.sql.strings("SELECT purpose FROM conversation WHERE id = ?", extraction))
                    .containsExactly("extract");
            assertThat(JSON.readTree(running.sql.strings("SELECT output_schema FROM conversation WHERE id = ?",
                    extraction).get(0))).isEqualTo(JSON.readTree(SchemaPresets.get("contact").orElseThrow().json()));
            assertThat(running.sql.strings("SELECT content FROM message WHERE conversation_id = ? AND role = 'user'",
                    extraction)).as("the text of the message replied to").containsExactly(CONTACT);
            assertThat(running.sql.number("SELECT current_conversation_id FROM chat WHERE id = ?", group.id()))
                    .as("the group's conversation stays current").isEqualTo(current);

            // 🔄 writes another answer in the extraction's conversation, shown as JSON too.
            Set<Integer> before = shown(telegram, group);
            telegram.awaitCallbackAnswered(telegram.pressButtonLabeled(alice, answer, "🔄").queryId(), WAIT);
            BotMessage regenerated = telegram.awaitBotMessage(group.id(), jsonAnswer(before), WAIT);
            assertThat(fieldNames(JSON.readTree(regenerated.plainText()))).containsExactlyElementsOf(
                    presetFields("contact"));
            assertThat(conversationOfAnswer(running, group, regenerated)).isEqualTo(extraction);
            assertThat(telegram.awaitCallbackAnswered(telegram.pressButtonLabeled(alice, regenerated, "👍")
                    .queryId(), WAIT).text()).isEqualTo("Спасибо за оценку!");

            // The group goes on where it was: the next message joins its conversation, not the extraction.
            UserMessage next = telegram.sendText(group, alice, "Договорились созвониться в пятницу");
            assertThat(Await.until(WAIT, () -> running.sql.strings("SELECT conversation_id::text FROM message "
                    + "WHERE chat_id = ? AND tg_message_id = ?", group.id(), next.messageId()),
                    ids -> !ids.isEmpty())).containsExactly(Long.toString(current));
        }

        StringWriter errors = new StringWriter();
        var commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(errors));
        int code = commandLine.execute("train", "export", "--out", out.toString(), "--db-url", db.jdbcUrl(),
                "--formats", "sft");
        assertThat(code).as(errors.toString()).isZero();
        JsonNode stats = JSON.readTree(out.resolve("stats.json").toFile());
        assertThat(stats.at("/sources/sft/extract").asLong()).as(stats.toString()).isEqualTo(1);
        assertThat(Files.readString(out.resolve("dataset.md"))).contains("| sft | extract | 1 |");
        List<JsonNode> records = new ArrayList<>();
        for (String split : List.of("train", "val")) {
            for (String line : Files.readAllLines(out.resolve("sft." + split + ".jsonl"))) {
                records.add(JSON.readTree(line));
            }
        }
        assertThat(records).singleElement().satisfies(record -> {
            JsonNode messages = record.get("messages");
            assertThat(messages.get(0).get("content").asText()).as("the extraction's system prompt")
                    .contains("JSON", "\"phone\"");
            assertThat(messages.get(messages.size() - 1).get("content").asText()).startsWith("{");
        });
    }

    @Test
    void adminsRegisterSchemasThatExtractInChatsAndGroupsAndLongJsonAlsoComesAsAFile(DatabaseUrl db,
            ModelPath model, @TempDir Path dir) throws Exception {
        AccessRules rules = new AccessRules(Set.of(ADMIN), Set.of(), 0, 3);
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(3000).withAccess(rules))) {
            BotApiEmulator telegram = running.telegram;
            TestUser admin = telegram.user(ADMIN, "Админ", "ru");
            TestChat adminChat = telegram.privateChat(admin);
            TestUser bob = telegram.user(5703, "Bob", "en");
            TestChat bobChat = telegram.privateChat(bob);

            assertThat(reply(telegram, bobChat, bob, "/schema add rows " + ROWS).text())
                    .isEqualTo("Only the bot's admins can add and remove schemas.");
            assertThat(reply(telegram, adminChat, admin, "/schema add rows {\"type\": \"object\", "
                    + "\"patternProperties\": {}}").text()).startsWith("⚠️ Схема не принята: ")
                    .contains("patternProperties");
            assertThat(reply(telegram, adminChat, admin, "/schema add rows {\"type\": \"object\"").text())
                    .startsWith("⚠️ Схема не принята: (root): is not valid JSON");
            assertThat(reply(telegram, adminChat, admin, "/schema add contact " + ROWS).text())
                    .startsWith("⚠️ «contact» — встроенная схема");
            assertThat(reply(telegram, adminChat, admin, "/schema add Rows! " + ROWS).text())
                    .startsWith("⚠️ Название схемы");
            assertThat(reply(telegram, adminChat, admin, "/schema add rows " + ROWS).text())
                    .isEqualTo("✅ Схема «rows» добавлена. Попробуйте: /extract rows ТЕКСТ");
            assertThat(reply(telegram, bobChat, bob, "/schema list").text()).contains("• contact — контакт",
                    "• rows — Показания");

            Set<Integer> before = shown(telegram, bobChat);
            telegram.sendText(bobChat, bob, "/extract rows Показания счётчиков за прошлый месяц, по три цифры");
            BotMessage answer = telegram.awaitBotMessage(bobChat.id(), jsonAnswer(before), WAIT);
            JsonNode rows = JSON.readTree(answer.plainText());
            assertThat(fieldNames(rows)).containsExactly("rows");
            assertThat(rows.get("rows")).hasSize(60).allSatisfy(row -> assertThat(fieldNames(row))
                    .containsExactly("a", "b", "c"));
            assertThat(answer.plainText()).hasSizeGreaterThan(3000);
            BotMessage file = telegram.awaitBotMessage(bobChat.id(), BotMessage::hasDocument, WAIT);
            assertThat(file.document().fileName()).endsWith(".json");
            assertThat(file.text()).isEqualTo("📎 The whole JSON as a file");
            assertThat(file.document().text()).isEqualTo(answer.plainText());

            // In a group, a command addressed to the bot, replying to someone's message; the answer replies to it.
            TestChat group = telegram.supergroupChat(-1005704, "Офис");
            UserMessage card = telegram.sendText(group, admin, CONTACT);
            UserMessage command = telegram.replyText(group, bob, card.messageId(),
                    "/extract@" + RunningBot.USERNAME + " contact");
            BotMessage inGroup = telegram.awaitBotMessage(group.id(), jsonAnswer(Set.of()), WAIT);
            assertThat(fieldNames(JSON.readTree(inGroup.plainText()))).containsExactlyElementsOf(
                    presetFields("contact"));
            assertThat(inGroup.replyToMessageId()).isEqualTo(command.messageId());

            assertThat(reply(telegram, adminChat, admin, "/schema remove rows").text())
                    .isEqualTo("🗑 Схема «rows» удалена.");
            assertThat(reply(telegram, bobChat, bob, "/extract rows 1 2 3").text())
                    .startsWith("⚠️ There is no schema \"rows\".").contains("• invoice — счёт")
                    .doesNotContain("• rows");
            assertThat(running.sql.number("SELECT count(*) FROM conversation WHERE purpose = 'extract' "
                    + "AND output_schema IS NOT NULL")).as("made extractions keep their schema").isEqualTo(2);
        }
    }

    /** The conversation an answer was stored in; it is stored right after Telegram showed it. */
    private static long conversationOfAnswer(RunningBot running, TestChat chat, BotMessage answer) throws Exception {
        return Long.parseLong(Await.until(WAIT, () -> running.sql.strings("SELECT conversation_id::text FROM message "
                + "WHERE chat_id = ? AND tg_message_id = ? AND role = 'assistant'", chat.id(), answer.messageId()),
                ids -> !ids.isEmpty()).get(0));
    }

    /** {@code engine}, noting every request it is asked. */

    /** The bot's first new message after {@code text}. */
    private static BotMessage reply(BotApiEmulator telegram, TestChat chat, TestUser user, String text) {
        Set<Integer> before = shown(telegram, chat);
        telegram.sendText(chat, user, text);
        return telegram.awaitBotMessage(chat.id(), m -> !before.contains(m.messageId()), WAIT);
    }

    private static Set<Integer> shown(BotApiEmulator telegram, TestChat chat) {
        Set<Integer> ids = new HashSet<>();
        telegram.botMessages(chat.id()).forEach(m -> ids.add(m.messageId()));
        return ids;
    }

    /** A new finished answer: a JSON code block with the vote buttons under it. */
    private static Predicate<BotMessage> jsonAnswer(Set<Integer> before) {
        return m -> !before.contains(m.messageId()) && !m.buttons().isEmpty()
                && m.entities().stream().map(TextEntity::type).anyMatch("pre"::equals);
    }

    private static List<String> presetFields(String preset) throws Exception {
        return fieldNames(JSON.readTree(SchemaPresets.get(preset).orElseThrow().json()).get("properties"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
