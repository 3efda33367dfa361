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
    void brokenAnswersAreRetriedAsNetworkErrorsNotWaitedOnForever() {
        telegram.faults().respondWithoutOkNext("getMe");
        telegram.faults().respondRawNext("getMe", 200, FaultInjector.NOT_JSON);

        assertThat(gateway.call(new GetMe()).getUserName()).isEqualTo("GatewayBot");
        assertThat(telegram.calls()).filteredOn(call -> call.method().equals("getMe")).hasSize(3);
    }
}
