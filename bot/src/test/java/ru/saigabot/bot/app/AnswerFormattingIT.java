package ru.saigabot.bot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.TelegramEndpoint;
import ru.saigabot.bot.render.AnswerFormat;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.inference.HeldAnswers;
import ru.saigabot.bot.testing.inference.ScriptedEngine;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.ApiCall;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.FormattedText;
import ru.saigabot.bot.testing.telegram.MessageVersion;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;
import ru.saigabot.bot.testing.telegram.TextEntity;
import ru.saigabot.inference.InferenceEngine;

/**
 * Answers reach the user formatted: Markdown as Telegram entities, reasoning folded, long answers and long code
 * split into valid messages, streaming previews formatted too, and the same text plain when Telegram refuses
 * the formatting. The emulator parses parse_mode=HTML as Telegram does and refuses what Telegram would.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
@SuppressWarnings("try") // the running bot is a resource the test body talks to only through Telegram
class AnswerFormattingIT {
    private static final String TOKEN = "7000050:TEST-token-for-the-emulator-only";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static final String THOUGHTS = "Пользователь просит пример кода, надо подумать. ".repeat(20)
            + "Покажу **цикл** на Python.";
    private static final String CODE = codeLines(220);
    private static final String ANSWER = "<think>" + THOUGHTS + "</think>\n\n"
            + "# Пример\n\nВот **жирный**, *курсив*, ~~зачёркнутый~~, `код` и [ссылка](https://saigabot.invalid/docs)."
            + "\n\n- первый пункт\n- второй пункт\n\n1. раз\n2. два\n\n"
            + "```python\n" + CODE + "```\n\nГотово: <div> остаётся текстом & не теряется.";

    @Test
    void markdownReasoningAndALongCodeBlockArriveFormatted(DatabaseUrl db, ModelPath model, @TempDir Path dataDir)
            throws Exception {
        // The script stops twice, until the test has seen the draft it streams there: once inside the reasoning,
        // once inside the code block. Both previews are then certain, however the machine paces the stream.
        HeldAnswers held = HeldAnswers.at(text -> text.contains("Пользователь"),
                text -> text.contains("строка номер 1:"));
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN, "SaigaTestBot");
             BotApplication bot = start(telegram, db, model, dataDir, 100,
                     c -> held.around(new ScriptedEngine(ANSWER, 40, Duration.ofMillis(20))))) {
            TestUser user = telegram.user(9201, "Вера", "ru");
            TestChat chat = telegram.privateChat(user);
            telegram.sendText(chat, user, "Покажи пример кода");
            telegram.awaitDraft(chat.id(), d -> d.plainText().startsWith("💭") && d.plainText().endsWith("▌"), WAIT);
            held.release();
            telegram.awaitDraft(chat.id(), d -> d.plainText().endsWith("▌")
                    && d.entities().stream().anyMatch(e -> e.type().equals("pre")), WAIT);
            held.release();
            telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(), WAIT);

            List<BotMessage> messages = telegram.botMessages(chat.id());
            assertThat(messages).extracting(BotMessage::text).containsExactlyElementsOf(AnswerFormat.messages(ANSWER));
            assertThat(messages).hasSizeGreaterThanOrEqualTo(3).allSatisfy(m -> {
                assertThat(m.parseMode()).isEqualToIgnoringCase("HTML");
                assertThat(m.plainText().length()).isLessThanOrEqualTo(4096);
            });
            assertThat(messages.get(messages.size() - 1).buttons()).isNotEmpty();

            BotMessage first = messages.get(0);
            String shown = first.plainText();
            assertThat(shown).startsWith("💭 Пользователь просит пример кода")
                    .contains("Пример\n\nВот жирный, курсив, зачёркнутый, код и ссылка.")
                    .contains("• первый пункт\n• второй пункт\n\n1. раз\n2. два");
            assertThat(first.entities().get(0)).satisfies(quote -> {
                assertThat(quote.type()).isEqualTo("expandable_blockquote");
                assertThat(quote.textIn(shown)).startsWith("💭").endsWith("Покажу цикл на Python.");
            });
            assertThat(first.entities()).extracting(e -> e.type() + ":" + e.textIn(shown)).contains(
                    "bold:цикл", "bold:Пример", "bold:жирный", "italic:курсив", "strikethrough:зачёркнутый",
                    "code:код", "text_link:ссылка");
            assertThat(first.entities()).filteredOn(e -> e.type().equals("text_link")).singleElement()
                    .extracting(TextEntity::url).isEqualTo("https://saigabot.invalid/docs");

            StringBuilder code = new StringBuilder();
            for (BotMessage message : messages) {
                for (TextEntity pre : message.entities()) {
                    if (pre.type().equals("pre")) {
                        assertThat(pre.language()).isEqualTo("python");
                        code.append(pre.textIn(message.plainText())).append('\n');
                    }
                }
            }
            assertThat(code.toString()).as("the code block, closed and reopened across messages").isEqualTo(CODE);
            assertThat(messages.get(messages.size() - 1).plainText())
                    .endsWith("Готово: <div> остаётся текстом & не теряется.");

            // A private chat streams into a message draft.
            assertThat(telegram.drafts(chat.id())).as("reasoning folded while it streams, before </think> arrived")
                    .anySatisfy(draft -> {
                        assertThat(draft.plainText()).startsWith("💭").endsWith("▌").doesNotContain("Пример");
                        assertThat(draft.entities()).extracting(TextEntity::type).contains("expandable_blockquote");
                    });
            assertThat(telegram.drafts(chat.id()))
                    .as("an unclosed code block streams as a code block").anySatisfy(draft -> {
                        assertThat(draft.plainText()).endsWith("▌");
                        assertThat(draft.entities()).extracting(TextEntity::type).contains("pre");
                    });
            assertEveryFormattedCallAccepted(telegram);
            assertThat(Await.until(WAIT, () -> storedAnswer(db), text -> text != null)).isEqualTo(ANSWER.strip());
        }
    }

    @Test
    void refusedFormattingIsSentAgainAsPlainText(DatabaseUrl db, ModelPath model, @TempDir Path dataDir)
            throws Exception {
        String answer = "Абзац с **жирным** словом и `кодом`. ".repeat(150).strip();
        List<String> expected = AnswerFormat.messages(answer);
        assertThat(expected).hasSize(2);
        // A stream interval longer than the answer takes: the only edit is the final one.
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN, "SaigaTestBot");
             BotApplication bot = start(telegram, db, model, dataDir, 30_000,
                     c -> new ScriptedEngine(answer, answer.length(), Duration.ZERO))) {
            TestUser user = telegram.user(9202, "Глеб", "ru");
            TestChat chat = telegram.privateChat(user);
            // A private chat streamed into a draft: both parts are new messages, each refused once.
            telegram.faults().refuseFormattingNext("sendMessage", 2);
            telegram.sendText(chat, user, "Напиши длинно");
            BotMessage last = telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(), WAIT);

            List<BotMessage> messages = telegram.botMessages(chat.id());
            assertThat(messages).extracting(BotMessage::plainText).containsExactly(
                    AnswerFormat.plainText(expected.get(0)), AnswerFormat.plainText(expected.get(1)));
            assertThat(messages).allSatisfy(m -> {
                assertThat(m.parseMode()).isNull();
                assertThat(m.entities()).isEmpty();
            });
            assertThat(last.messageId()).isEqualTo(messages.get(1).messageId());
            assertThat(parseModes(telegram, "editMessageText")).isEmpty();
            assertThat(parseModes(telegram, "sendMessage")).containsExactly("HTML", null, "HTML", null);
            assertThat(Await.until(WAIT, () -> storedAnswer(db), text -> text != null)).isEqualTo(answer);
        }
    }

    @Test
    void aStreamWhoseFormattingWasRefusedGoesOnPlainAndTheFinalMessageIsFormatted(DatabaseUrl db, ModelPath model,
                                                                                   @TempDir Path dataDir)
            throws Exception {
        String answer = "Строка с **жирным** текстом.\n".repeat(60).strip();
        // The script stops after lines 10, 25 and 40 until the test has seen one more edit of the placeholder: the
        // refused one and its plain retry, then a plain preview each time, whatever pace the machine allows.
        HeldAnswers held = HeldAnswers.at(lines(10), lines(25), lines(40));
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN, "SaigaTestBot");
             BotApplication bot = start(telegram, db, model, dataDir, 100,
                     c -> held.around(new ScriptedEngine(answer, 30, Duration.ofMillis(20))))) {
            TestUser user = telegram.user(9203, "Ада", "ru");
            // In a group the answer streams by editing a placeholder message.
            TestChat chat = telegram.supergroupChat(-1009203, "Группа");
            telegram.faults().refuseFormattingNext("editMessageText", 1);
            telegram.sendText(chat, user, "@SaigaTestBot Пиши");
            for (int edits = 2; edits <= 4; edits++) {
                int seen = edits;
                Await.until(WAIT, () -> telegram.calls("editMessageText").size() >= seen);
                held.release();
            }
            BotMessage answered = telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(), WAIT);

            List<String> modes = parseModes(telegram, "editMessageText");
            assertThat(modes).hasSizeGreaterThan(3);
            assertThat(modes.subList(0, modes.size() - 1)).as("refused once, then plain until the end")
                    .startsWith("HTML", (String) null).containsOnlyOnce("HTML");
            assertThat(modes.get(modes.size() - 1)).isEqualTo("HTML");
            assertThat(answered.parseMode()).isEqualToIgnoringCase("HTML");
            assertThat(answered.entities()).extracting(TextEntity::type).contains("bold");
            assertThat(answered.history()).extracting(MessageVersion::parseMode).contains((String) null);
        }
    }

    /** The random tiny model writes '<', '&', '*' and '`' freely: whatever it writes, Telegram takes it. */
    @Test
    void theTinyModelsTextAlwaysRendersToAcceptedMessages(DatabaseUrl db, ModelPath model, @TempDir Path dataDir)
            throws Exception {
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN, "SaigaTestBot");
             BotApplication bot = BotApplication.start(new BotConfig(TOKEN, TelegramEndpoint.parse(telegram.baseUrl()),
                     model.path(), Optional.of(db.jdbcUrl()), dataDir, 1, 2, 4096, "auto"),
                     new RunOptions(1, 150, 2500, 7))) {
            TestUser user = telegram.user(9204, "Ян", "ru");
            TestChat chat = telegram.privateChat(user);
            telegram.sendText(chat, user, "Расскажи длинную историю");
            telegram.awaitBotMessage(chat.id(), m -> !m.buttons().isEmpty(), WAIT);

            String stored = Await.until(WAIT, () -> storedAnswer(db), text -> text != null);
            List<BotMessage> messages = telegram.botMessages(chat.id());
            assertThat(messages).extracting(BotMessage::text).containsExactlyElementsOf(AnswerFormat.messages(stored));
            assertThat(messages).allSatisfy(m -> assertThat(m.parseMode()).isEqualToIgnoringCase("HTML"));
            assertEveryFormattedCallAccepted(telegram);
        }
    }

    /** A hold point: the text so far has at least {@code count} line breaks. */
    private static Predicate<String> lines(int count) {
        return text -> text.chars().filter(c -> c == '\n').count() >= count;
    }

    private static BotApplication start(BotApiEmulator telegram, DatabaseUrl db, ModelPath model, Path dataDir,
                                        long streamIntervalMillis, Function<BotConfig, InferenceEngine> engine) {
        return BotApplication.start(new BotConfig(TOKEN, TelegramEndpoint.parse(telegram.baseUrl()), model.path(),
                Optional.of(db.jdbcUrl()), dataDir, 1, 2, 2048, "auto"),
                new RunOptions(1, streamIntervalMillis, 64, 1), engine);
    }

    /** Every text the bot sent as HTML passes Telegram's parser and length limit: no fallback was needed. */
    private static void assertEveryFormattedCallAccepted(BotApiEmulator telegram) {
        List<ApiCall> formatted = telegram.calls().stream()
                .filter(call -> "HTML".equalsIgnoreCase(call.param("parse_mode"))).toList();
        assertThat(formatted).isNotEmpty().allSatisfy(call -> assertThatCode(
                () -> FormattedText.forMessage(call.param("text"), "HTML")).as(call.param("text"))
                .doesNotThrowAnyException());
        assertThat(telegram.calls()).as("nothing was sent plain").allSatisfy(call -> {
            if (call.method().equals("sendMessage") || call.method().equals("editMessageText")) {
                assertThat(call.param("parse_mode")).isEqualToIgnoringCase("HTML");
            }
        });
    }

    /** Each call's parse_mode, upper-cased (TelegramBots sends "html"); null for plain text. */
    private static List<String> parseModes(BotApiEmulator telegram, String method) {
        return telegram.calls(method).stream().map(call -> call.param("parse_mode"))
                .map(mode -> mode == null ? null : mode.toUpperCase(java.util.Locale.ROOT)).toList();
    }

    private static String storedAnswer(DatabaseUrl db) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl());
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT content FROM message WHERE role = 'assistant' ORDER BY id DESC LIMIT 1")) {
            return row.next() ? row.getString(1) : null;
        }
    }

    private static String codeLines(int count) {
        StringBuilder code = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            code.append("print(\"строка номер ").append(i).append(": a < b && c > d\")\n");
        }
        return code.toString();
    }
}
