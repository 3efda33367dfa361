package ru.saigabot.bot.features;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.saigabot.bot.testing.app.RunningBot.WAIT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.app.RunningBot;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.inference.RecordedRequests;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.documents.TestDocuments;
import ru.saigabot.bot.testing.model.TinyModelFile;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;
import ru.saigabot.bot.testing.telegram.UserDocument;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;

/**
 * Questions over documents through the real bot: files sent as Telegram documents (the emulator serves them through
 * getFile and its file URL), read by PDFBox and POI, stored and searched in PostgreSQL, and answered by the tiny
 * model with the passages in its prompt and the sources under the answer.
 */
@ExtendWith({FreshDatabase.class, TinyModelFile.class})
class DocumentsIT {
    private static final List<String> GUIDE = List.of(
            "Руководство администратора. Сервер учёта ставится на Debian и работает круглые сутки. Перед установкой "
                    + "проверьте, что на диске свободно не меньше двадцати гигабайт.",
            "Резервное копирование. Резервную копию базы сервер делает каждую ночь в три часа. Копии хранятся "
                    + "тридцать дней в каталоге /var/backups/uchet, старые удаляются сами.",
            "Обновление. Новые версии выходят раз в квартал. Перед обновлением остановите службу командой "
                    + "systemctl stop uchet и сделайте копию базы вручную.");

    @Test
    void aPdfIsReadAndQuestionsAboutItAreAnsweredWithTheirSources(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        RecordedRequests recorded = new RecordedRequests();
        List<ChatRequest> requests = recorded.requests();
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8), 2,
                recorded)) {
            BotApiEmulator telegram = running.telegram;
            TestUser alice = telegram.user(7101, "Алиса", "ru");
            TestChat chat = telegram.privateChat(alice);

            UserDocument sent = telegram.sendDocument(chat, alice, "guide.pdf", "application/pdf",
                    TestDocuments.pdf(GUIDE), null);
            BotMessage read = telegram.awaitBotMessage(chat.id(), m -> m.text().startsWith("📄"), WAIT);
            assertThat(read.text()).startsWith("📄 guide.pdf: 3 стр., ").contains(" слов.");
            assertThat(read.replyToMessageId()).isEqualTo(sent.messageId());
            assertThat(telegram.downloads(sent.fileId())).hasSize(1);
            assertThat(running.sql.strings("SELECT status || ' ' || pages FROM document WHERE chat_id = ?", chat.id()))
                    .containsExactly("ready 3");

            BotMessage answer = answer(telegram, chat, alice, "Когда делается резервная копия базы?");
            assertThat(answer.text()).contains("📎 Источники:", "guide.pdf, с. 2");
            assertThat(answer.plainText()).contains("Резервную копию");
            String grounded = requests.get(0).messages().get(requests.get(0).messages().size() - 1).content();
            assertThat(grounded).contains("[1] guide.pdf, с. 2\nРезервное копирование.", "[1]")
                    .endsWith("Когда делается резервная копия базы?");
            assertThat(running.sql.strings("SELECT grounding FROM message WHERE chat_id = ? AND role = 'user'",
                    chat.id())).containsExactly("found");

            // 🔄 answers the same question with the same passages, numbered the same.
            Set<Integer> before = shown(telegram, chat);
            telegram.awaitCallbackAnswered(telegram.pressButtonLabeled(alice, answer, "🔄").queryId(), WAIT);
            BotMessage again = telegram.awaitBotMessage(chat.id(), finished(before), WAIT);
            assertThat(again.text()).contains("guide.pdf, с. 2");
            assertThat(last(requests.get(1))).isEqualTo(grounded);

            BotMessage smallTalk = answer(telegram, chat, alice, "Привет!");
            assertThat(smallTalk.text()).contains("В документах чата об этом ничего не нашлось");

            // /docs: switched off, a question is answered without the document; deleted, its copies go too.
            telegram.sendText(chat, alice, "/docs");
            BotMessage menu = telegram.awaitBotMessage(chat.id(), m -> m.text().startsWith("📚"), WAIT);
            assertThat(menu.buttons()).extracting(b -> b.text()).containsExactly("🔔 guide.pdf", "🗑");
            telegram.awaitCallbackAnswered(telegram.pressButtonLabeled(alice, menu, "🔔 guide.pdf").queryId(), WAIT);
            Await.until(WAIT, () -> telegram.botMessages(chat.id()).stream()
                    .filter(m -> m.messageId() == menu.messageId()).findFirst().orElseThrow(),
                    m -> m.button("🔕 guide.pdf").isPresent());
            int asked = requests.size();
            BotMessage plain = answer(telegram, chat, alice, "Когда выходят новые версии?");
            assertThat(plain.text()).doesNotContain("📎");
            assertThat(last(requests.get(asked))).isEqualTo("Когда выходят новые версии?");

            BotMessage current = telegram.botMessages(chat.id()).stream()
                    .filter(m -> m.messageId() == menu.messageId()).findFirst().orElseThrow();
            telegram.awaitCallbackAnswered(telegram.pressButtonLabeled(alice, current, "🗑").queryId(), WAIT);
            Await.until(WAIT, () -> running.sql.number("SELECT count(*) FROM document WHERE chat_id = ?", chat.id()),
                    count -> count == 0);
            assertThat(running.sql.number("SELECT count(*) FROM passage WHERE chat_id = ?", chat.id())).isZero();
            assertThat(running.sql.number("SELECT count(*) FROM message_source")).isZero();
            assertThat(running.sql.number("SELECT count(*) FROM chat_word WHERE chat_id = ?", chat.id()))
                    .as("no word of a deleted document stays for the misspelling lookup").isZero();
        }
    }

    @Test
    void whatCannotBeReadIsRefusedClearlyAndLeavesNothingBehind(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            TestUser bob = telegram.user(7102, "Борис", "ru");
            TestChat chat = telegram.privateChat(bob);

            telegram.sendDocument(chat, bob, "scan.pdf", "application/pdf", TestDocuments.scannedPdf(2), null);
            assertThat(telegram.awaitBotMessage(chat.id(), m -> m.text().contains("scan.pdf"), WAIT).text())
                    .contains("нет текстового слоя");
            telegram.sendDocument(chat, bob, "secret.pdf", "application/pdf",
                    TestDocuments.encryptedPdf("пароль", "Секретный текст"), null);
            assertThat(telegram.awaitBotMessage(chat.id(), m -> m.text().contains("secret.pdf"), WAIT).text())
                    .contains("защищён паролем");
            telegram.sendDocument(chat, bob, "setup.exe", "application/octet-stream", new byte[] {77, 90, 0}, null);
            assertThat(telegram.awaitBotMessage(chat.id(), m -> m.text().contains("setup.exe"), WAIT).text())
                    .contains("такой тип файла я не читаю");
            telegram.sendDocument(chat, bob, "fake.pdf", "application/pdf",
                    "это не PDF".getBytes(StandardCharsets.UTF_8), null);
            assertThat(telegram.awaitBotMessage(chat.id(), m -> m.text().contains("fake.pdf"), WAIT).text())
                    .contains("не читается");
            telegram.sendDocument(chat, bob, "notes.docx", null,
                    TestDocuments.docx("Пароль от Wi-Fi в переговорной: kofe2024.", "Принтер стоит у окна."), null);
            assertThat(telegram.awaitBotMessage(chat.id(), m -> m.text().contains("notes.docx"), WAIT).text())
                    .startsWith("📄 notes.docx: ").contains("слов");
            telegram.sendDocument(chat, bob, "copy.docx", null,
                    TestDocuments.docx("Пароль от Wi-Fi в переговорной: kofe2024.", "Принтер стоит у окна."), null);
            assertThat(telegram.awaitBotMessage(chat.id(), m -> m.text().contains("copy.docx"), WAIT).text())
                    .contains("уже есть", "notes.docx");

            assertThat(running.sql.strings("SELECT file_name || ' ' || status FROM document WHERE chat_id = ?",
                    chat.id())).containsExactly("notes.docx ready");
            assertThat(running.sql.number("SELECT count(*) FROM passage p WHERE NOT EXISTS "
                    + "(SELECT 1 FROM document d WHERE d.id = p.document_id AND d.status = 'ready')")).isZero();

            // /forget takes the chat's documents with it.
            telegram.sendText(chat, bob, "/forget");
            BotMessage confirm = telegram.awaitBotMessage(chat.id(), m -> m.button("🗑 Удалить всё").isPresent(),
                    WAIT);
            telegram.awaitCallbackAnswered(telegram.pressButtonLabeled(bob, confirm, "🗑 Удалить всё").queryId(),
                    WAIT);
            Await.until(WAIT, () -> running.sql.number("SELECT count(*) FROM document"), count -> count == 0);
            assertThat(running.sql.number("SELECT count(*) FROM document_word")).isZero();
        }
    }

    @Test
    void inAGroupFilesAreReadOnlyWhereItsAdminsAllowedIt(DatabaseUrl db, ModelPath model, @TempDir Path dir)
            throws Exception {
        try (RunningBot running = RunningBot.start(db, model, dir, RunningBot.options(8))) {
            BotApiEmulator telegram = running.telegram;
            TestUser admin = telegram.user(7103, "Вера", "ru");
            TestUser member = telegram.user(7104, "Глеб", "ru");
            TestChat group = telegram.supergroupChat(-1007103, "Отдел");
            telegram.makeAdmin(group, admin);

            telegram.sendDocument(group, member, "shared.txt", "text/plain",
                    "Обед в столовой с часу до двух.".getBytes(StandardCharsets.UTF_8), null);
            telegram.sendText(group, member, "/docs allow");
            assertThat(telegram.awaitBotMessage(group.id(), m -> m.text().contains("администраторы"), WAIT).text())
                    .isEqualTo("Менять документы группы могут её администраторы.");
            assertThat(running.sql.number("SELECT count(*) FROM document")).as("the shared file was not read")
                    .isZero();

            telegram.sendText(group, admin, "/docs allow");
            telegram.awaitBotMessage(group.id(), m -> m.text().startsWith("📚 Теперь файлы"), WAIT);
            telegram.sendDocument(group, member, "menu.txt", "text/plain",
                    "Обед в столовой с часу до двух. По пятницам блины.".getBytes(StandardCharsets.UTF_8), null);
            assertThat(telegram.awaitBotMessage(group.id(), m -> m.text().startsWith("📄 menu.txt"), WAIT).text())
                    .contains("слов");
            assertThat(running.sql.strings("SELECT file_name FROM document WHERE chat_id = ?", group.id()))
                    .containsExactly("menu.txt");
        }
    }

    private static String last(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        return messages.get(messages.size() - 1).content();
    }

    /** The finished answer to {@code text}: a new message with the vote buttons under it. */
    private static BotMessage answer(BotApiEmulator telegram, TestChat chat, TestUser user, String text) {
        Set<Integer> before = shown(telegram, chat);
        telegram.sendText(chat, user, text);
        return telegram.awaitBotMessage(chat.id(), finished(before), WAIT);
    }

    private static java.util.function.Predicate<BotMessage> finished(Set<Integer> before) {
        return m -> !before.contains(m.messageId()) && m.button("👍").isPresent();
    }

    private static Set<Integer> shown(BotApiEmulator telegram, TestChat chat) {
        Set<Integer> ids = new HashSet<>();
        telegram.botMessages(chat.id()).forEach(m -> ids.add(m.messageId()));
        return ids;
    }
}
