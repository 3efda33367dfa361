package ru.saigabot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ru.saigabot.bot.config.TelegramEndpoint;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.InboxUpdate;
import ru.saigabot.bot.store.UpdateInbox;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.FaultInjector;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;
import ru.saigabot.bot.testing.telegram.UserMessage;

/** Long polling against the emulator and PostgreSQL: nothing is confirmed before it is stored, no error stops it. */
@ExtendWith(FreshDatabase.class)
class UpdatePollerIT {
    private static final String TOKEN = "7000010:TEST-token-for-the-emulator-only";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private BotApiEmulator telegram;
    private TelegramGateway gateway;
    private Database database;
    private UpdateInbox inbox;
    private UpdatePoller poller;
    private final AtomicReference<String> fatal = new AtomicReference<>();
    private TestUser user;
    private TestChat chat;

    @BeforeEach
    void start(DatabaseUrl db) {
        telegram = BotApiEmulator.start(TOKEN);
        gateway = new TelegramGateway(TOKEN, TelegramEndpoint.parse(telegram.baseUrl()));
        database = Database.open(db.jdbcUrl(), 4);
        inbox = new UpdateInbox(database);
        poller = new UpdatePoller(gateway, inbox, new ObjectMapper(), 1, stored -> {}, fatal::set);
        Thread thread = new Thread(poller, "test-poller");
        thread.setDaemon(true);
        thread.start();
        user = telegram.user(7001, "Вера", "ru");
        chat = telegram.privateChat(user);
    }

    @AfterEach
    void stop() {
        poller.stop();
        gateway.close();
        database.close();
        telegram.close();
    }

    @Test
    void storesBeforeConfirmingAndAsksForEveryKindItHandles() {
        UserMessage message = telegram.sendText(chat, user, "Привет");
        telegram.awaitConfirmed(message.updateId(), WAIT);
        List<InboxUpdate> pending = inbox.pending(10);
        assertThat(pending).extracting(InboxUpdate::updateId).containsExactly((long) message.updateId());
        assertThat(pending.get(0).kind()).isEqualTo("message");
        assertThat(pending.get(0).chatId()).isEqualTo(chat.id());
        assertThat(telegram.calls("getUpdates").get(0).param("allowed_updates").toString())
                .contains("message", "edited_message", "callback_query", "message_reaction", "my_chat_member");
    }

    @Test
    void doesNotConfirmWhatItCouldNotStore() throws Exception {
        database.query(connection -> connection.createStatement().execute(
                "ALTER TABLE telegram_update RENAME TO telegram_update_away"));
        UserMessage message = telegram.sendText(chat, user, "Сохрани меня");
        // It is fetched again and again while the database refuses it, and never confirmed.
        int polls = telegram.getUpdatesCount();
        Await.until(WAIT, () -> telegram.getUpdatesCount() >= polls + 2);
        assertThat(telegram.isConfirmed(message.updateId())).isFalse();

        database.query(connection -> connection.createStatement().execute(
                "ALTER TABLE telegram_update_away RENAME TO telegram_update"));
        telegram.awaitConfirmed(message.updateId(), Duration.ofSeconds(40));
        assertThat(inbox.pending(10)).extracting(InboxUpdate::updateId).containsExactly((long) message.updateId());
    }

    @Test
    void survivesTelegramErrorsAndBrokenAnswers() {
        FaultInjector faults = telegram.faults();
        faults.floodWaitNext("getUpdates", 1);
        faults.failNext("getUpdates", 2, 502, "Bad Gateway", null);
        faults.respondWithoutOkNext("getUpdates");
        faults.respondRawNext("getUpdates", 200, FaultInjector.NOT_JSON);
        UserMessage message = telegram.sendText(chat, user, "Ты здесь?");
        telegram.awaitConfirmed(message.updateId(), Duration.ofSeconds(60));
        assertThat(inbox.pending(10)).extracting(InboxUpdate::updateId).containsExactly((long) message.updateId());
        assertThat(fatal.get()).isNull();
    }

    @Test
    void survivesTelegramBeingDown() throws Exception {
        telegram.stopAccepting();
        int polls = telegram.getUpdatesCount();
        Thread.sleep(2000); // several polls fail with "connection refused" meanwhile
        assertThat(telegram.getUpdatesCount()).isEqualTo(polls);
        telegram.startAccepting();
        UserMessage message = telegram.sendText(chat, user, "Снова в сети");
        telegram.awaitConfirmed(message.updateId(), Duration.ofSeconds(60));
        assertThat(inbox.pending(10)).hasSize(1);
    }

    @Test
    void aRevokedTokenIsFatal() throws Exception {
        telegram.faults().failNext("getUpdates", 401, "Unauthorized", null);
        Await.until(WAIT, () -> fatal.get() != null);
        assertThat(fatal.get()).contains("refused the bot token");
    }

    @Test
    void aRedeliveredUpdateIsStoredOnce() {
        UserMessage message = telegram.sendText(chat, user, "Один раз");
        telegram.awaitConfirmed(message.updateId(), WAIT);
        InboxUpdate again = inbox.pending(1).get(0);
        assertThat(inbox.store(List.of(again))).isEmpty();
        assertThat(inbox.pending(10)).hasSize(1);
    }

}
