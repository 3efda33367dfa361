package ru.saigabot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.config.TelegramEndpoint;
import ru.saigabot.bot.render.Keyboards;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.BotMessage;
import ru.saigabot.bot.testing.telegram.FaultInjector;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;
import ru.saigabot.bot.testing.telegram.UserDocument;

/** Calls run on the caller's thread against the emulator: bounded by their deadline, and cancellable. */
class TelegramGatewayTest {
    private static final String TOKEN = "7000061:TEST-token-for-the-emulator-only";

    private BotApiEmulator telegram;
    private TelegramGateway gateway;

    @BeforeEach
    void start() {
        telegram = BotApiEmulator.start(TOKEN, "GatewayBot");
        gateway = new TelegramGateway(TOKEN, TelegramEndpoint.parse(telegram.baseUrl()));
    }

    @AfterEach
    void stop() {
        gateway.close();
        telegram.close();
    }

    @Test
    void answersComeBackParsedByTelegramBots() {
        assertThat(gateway.call(new GetMe()).getUserName()).isEqualTo("GatewayBot");
    }

    @Test
    void aCallWithoutAnAnswerFailsAtItsDeadline() {
        GetUpdates longPoll = GetUpdates.builder().timeout(10).build(); // nothing to deliver: held for 10 s
        long started = System.nanoTime();

        assertThatThrownBy(() -> gateway.poll(longPoll, Duration.ofMillis(800)))
                .isInstanceOfSatisfying(TelegramCallException.class, e -> {
                    assertThat(e.errorCode()).isZero();
                    assertThat(e.getMessage()).contains("no answer within 800 ms");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void cancellingPollsEndsAWaitingLongPollAtOnce() throws Exception {
        CompletableFuture<List<Update>> poll = CompletableFuture.supplyAsync(
                () -> gateway.poll(GetUpdates.builder().timeout(30).build(), Duration.ofSeconds(45)));
        telegram.awaitCall("getUpdates", Duration.ofSeconds(10)); // the poll is waiting in the emulator

        gateway.cancelPolls();

        assertThatThrownBy(() -> poll.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TelegramCallException.class);
    }

    /**
     * Answers that echo the request's URL (a proxy's error page, a Bot API server's description) hold the token: the
     * exception carries neither it nor a cause that does, whatever prints it.
     */
    @Test
    void failuresNeverCarryTheTokensSecret() {
        String secret = TOKEN.substring(TOKEN.indexOf(':') + 1);
        String echo = "POST /bot" + TOKEN + "/getMe and /bot" + TOKEN.replace(":", "%3A") + "/getMe";
        telegram.faults().respondRawNext("getMe", 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: "
                + echo + "\"}");
        telegram.faults().respondRawNext("getMe", 200, "<html>" + echo + "</html>");
        telegram.faults().respondRawNext("getMe", 200, "{\"ok\":true,\"result\":\"" + echo + "\"}");

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> gateway.callUnlessThrottled(new GetMe())).isInstanceOfSatisfying(
                    TelegramCallException.class, e -> {
                        StringWriter printed = new StringWriter();
                        e.printStackTrace(new PrintWriter(printed));
                        assertThat(printed.toString()).as("the exception as a log prints it").containsIgnoringCase("getMe")
                                .doesNotContain(secret);
                        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                            assertThat(String.valueOf(cause.getMessage())).doesNotContain(secret);
                        }
                    });
        }
        assertThat(gateway.call(new GetMe()).getUserName()).isEqualTo("GatewayBot");
    }

    @Test
    void documentsGoAsMultipartWithTheirFieldsAndSurviveARetry() {
        TestUser alice = telegram.user(61, "Alice", "ru");
        TestChat chat = telegram.privateChat(alice);
        String json = "{\n  \"имя\": \"Анна\"\n}";
        telegram.faults().failNext("sendDocument", 500, "Internal Server Error", null);

        Message sent = gateway.sendDocument(SendDocument.builder().chatId(chat.id())
                .document(new InputFile(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "a.json"))
                .caption("📎 файл").replyMarkup(Keyboards.retry(7)).build());

        assertThat(sent.getDocument().getFileName()).isEqualTo("a.json");
        assertThat(sent.getCaption()).isEqualTo("📎 файл");
        BotMessage shown = telegram.botMessage(chat.id(), sent.getMessageId()).orElseThrow();
        assertThat(shown.document().text()).as("the same bytes on the second attempt").isEqualTo(json);
        assertThat(shown.text()).isEqualTo("📎 файл");
        assertThat(shown.buttons()).extracting(b -> b.text()).containsExactly("🔄");
        assertThat(telegram.calls("sendDocument")).hasSize(2);
    }

    @Test
    void aFileAUserSentIsDownloadedWhole() throws Exception {
        byte[] content = bytes(300_000);
        UserDocument sent = sendFile("book.pdf", content);

        assertThat(gateway.download(sent.fileId(), content.length)).as("a file exactly at the limit")
                .isEqualTo(content);
        assertThat(telegram.calls("getFile")).hasSize(1);
        assertThat(telegram.downloads(sent.fileId())).hasSize(1);
    }

    @Test
    void aFileOverTheLimitIsRefusedBeforeAnyByteIsFetched() {
        UserDocument sent = sendFile("big.pdf", bytes(2048));

        assertThatThrownBy(() -> gateway.download(sent.fileId(), 2047)).isInstanceOfSatisfying(
                FileTooBigException.class, e -> {
                    assertThat(e.fileId()).isEqualTo(sent.fileId());
                    assertThat(e.sizeBytes()).hasValue(2048);
                    assertThat(e.limitBytes()).isEqualTo(2047);
                });
        assertThat(telegram.calls("getFile")).hasSize(1);
        assertThat(telegram.downloads()).isEmpty();
    }

    /** Over 20 MB Telegram does not let bots download a file at all: its 400 is the same "too big". */
    @Test
    void aFileOverTelegramsLimitIsTooBigWhateverTheCallerTakes() {
        UserDocument sent = sendFile("video.mkv", new byte[(int) TelegramGateway.TELEGRAM_DOWNLOAD_LIMIT + 1]);

        assertThatThrownBy(() -> gateway.download(sent.fileId(), TelegramGateway.MAX_DOWNLOAD_BYTES))
                .isInstanceOfSatisfying(FileTooBigException.class, e -> {
                    assertThat(e.sizeBytes()).isEmpty();
                    assertThat(e.limitBytes()).isEqualTo(TelegramGateway.TELEGRAM_DOWNLOAD_LIMIT);
                });
        assertThat(telegram.downloads()).isEmpty();
    }

    @Test
    void anUnknownFileIdIsTelegramsBadRequestAndNotRetried() {
        assertThatThrownBy(() -> gateway.download("no-such-file", 1024))
                .isInstanceOfSatisfying(TelegramCallException.class, e -> {
                    assertThat(e.method()).isEqualTo("getFile");
                    assertThat(e.errorCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("invalid file_id");
                });
        assertThat(telegram.calls("getFile")).hasSize(1);
    }

    /** A Bot API server run with --local answers a path on its disk, and serves no downloads. */
    @Test
    void aLocalModeServersDiskPathSaysWhatToChange() {
        telegram.faults().respondRawNext("getFile", 200, "{\"ok\":true,\"result\":{\"file_id\":\"f\","
                + "\"file_unique_id\":\"u\",\"file_size\":10,\"file_path\":\"/var/lib/telegram-bot-api/x.pdf\"}}");

        assertThatThrownBy(() -> gateway.download("f", 1024)).isInstanceOf(TelegramCallException.class)
                .hasMessageContaining("run it without --local");
        assertThat(telegram.downloads()).isEmpty();
    }

    /** getFile said 10 bytes; the server streams 2 MB without a length: reading stops past the limit. */
    @Test
    void aServerSendingMoreThanItAnnouncedIsCutOffAtTheLimit() {
        UserDocument sent = sendFile("small.txt", bytes(10));
        telegram.faults().respondRawNext(BotApiEmulator.FILE_DOWNLOAD, 200, "x".repeat(2 * 1024 * 1024));

        assertThatThrownBy(() -> gateway.download(sent.fileId(), 64 * 1024))
                .isInstanceOfSatisfying(FileTooBigException.class, e -> {
                    assertThat(e.sizeBytes()).isEmpty();
                    assertThat(e.limitBytes()).isEqualTo(64 * 1024);
                });
        assertThat(telegram.downloads(sent.fileId())).as("not retried: the file, not the network, is wrong")
                .hasSize(1);
    }

    /** getFile understated the size; the download's Content-Length tells the truth, and nothing is read. */
    @Test
    void aContentLengthOverTheLimitRefusesTheFileBeforeReadingIt() {
        UserDocument sent = sendFile("report.pdf", bytes(5000));
        String path = gateway.call(new GetFile(sent.fileId())).getFilePath();
        telegram.faults().respondRawNext("getFile", 200, "{\"ok\":true,\"result\":{\"file_id\":\"" + sent.fileId()
                + "\",\"file_unique_id\":\"x\",\"file_size\":10,\"file_path\":\"" + path + "\"}}");

        assertThatThrownBy(() -> gateway.download(sent.fileId(), 4096))
                .isInstanceOfSatisfying(FileTooBigException.class, e -> assertThat(e.sizeBytes()).hasValue(5000));
        assertThat(telegram.downloads(sent.fileId())).hasSize(1);
    }

    /** A failing file server is retried like a failing call; its answers may echo the URL, so the token. */
    @Test
    void downloadsAreRetriedAndTheirFailuresCarryNoToken() throws Exception {
        byte[] content = bytes(1000);
        UserDocument sent = sendFile("a.bin", content);
        telegram.faults().failNext(BotApiEmulator.FILE_DOWNLOAD, 502, "Bad Gateway", null);

        assertThat(gateway.download(sent.fileId(), 1000)).isEqualTo(content);
        assertThat(telegram.downloads(sent.fileId())).hasSize(2);

        String secret = TOKEN.substring(TOKEN.indexOf(':') + 1);
        telegram.faults().respondRawNext(BotApiEmulator.FILE_DOWNLOAD, 404,
                "<html>" + "padding ".repeat(30) + "no GET /file/bot" + TOKEN + "/documents/a.bin here</html>");
        assertThatThrownBy(() -> gateway.download(sent.fileId(), 1000))
                .isInstanceOfSatisfying(TelegramCallException.class, e -> {
                    assertThat(e.method()).isEqualTo("downloadFile");
                    assertThat(e.errorCode()).isEqualTo(404);
                    StringWriter printed = new StringWriter();
                    e.printStackTrace(new PrintWriter(printed));
                    assertThat(printed.toString()).contains("HTTP 404").doesNotContain(secret);
                });
        assertThat(telegram.downloads(sent.fileId())).as("a 404 is not retried").hasSize(3);
    }

    @Test
    void brokenAnswersAreRetriedAsNetworkErrorsNotWaitedOnForever() {
        telegram.faults().respondWithoutOkNext("getMe");
        telegram.faults().respondRawNext("getMe", 200, FaultInjector.NOT_JSON);

        assertThat(gateway.call(new GetMe()).getUserName()).isEqualTo("GatewayBot");
        assertThat(telegram.calls()).filteredOn(call -> call.method().equals("getMe")).hasSize(3);
    }

    private UserDocument sendFile(String name, byte[] content) {
        TestUser alice = telegram.user(61, "Alice", "ru");
        return telegram.sendDocument(telegram.privateChat(alice), alice, name, "application/octet-stream", content,
                null);
    }

    /** Every byte value in turn: nothing on the way may read the file as text. */
    private static byte[] bytes(int length) {
        byte[] content = new byte[length];
        for (int i = 0; i < length; i++) {
            content[i] = (byte) (i * 31);
        }
        return content;
    }
}
