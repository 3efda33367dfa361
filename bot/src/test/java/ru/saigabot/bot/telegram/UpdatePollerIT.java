package ru.saigabot.bot.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.telegram.telegrambots.meta.api.objects.Update;
import ru.saigabot.bot.config.TelegramEndpoint;
import ru.saigabot.bot.dispatch.Dispatcher;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.Router;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.UpdateInbox;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.testing.telegram.FaultInjector;
import ru.saigabot.bot.testing.telegram.TestChat;
import ru.saigabot.bot.testing.telegram.TestUser;
import ru.saigabot.bot.testing.telegram.UserMessage;

/**
 * Long polling against the emulator, with the real dispatcher and PostgreSQL behind it: nothing is confirmed
 * before it is recorded, no error stops it.
 */
@ExtendWith(FreshDatabase.class)
class UpdatePollerIT {
    private static final String TOKEN = "7000010:TEST-token-for-the-emulator-only";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private BotApiEmulator telegram;
    private TelegramGateway gateway;
    private Database database;
    private Dispatcher dispatcher;
    private UpdatePoller poller;
    private final List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<String> fatal = new AtomicReference<>();
    private TestUser user;
    private TestChat chat;

    @BeforeEach
    void start(DatabaseUrl db) {
        telegram = BotApiEmulator.start(TOKEN);
        gateway = new TelegramGateway(TOKEN, TelegramEndpoint.parse(telegram.baseUrl()));
        database = Database.open(db.jdbcUrl(), 4);
        Route<Update> everything = new Route<>("everything", Route.Stage.EVENT, Optional::of,
                (context, update) -> handled.add(update.getUpdateId()));
        dispatcher = new Dispatcher(database, new UpdateInbox(database), new Router(List.of(everything), List.of()),
                new ObjectMapper(), (update, error) -> {});
        poller = new UpdatePoller(gateway, 1, dispatcher, fatal::set);
        for (Runnable task : List.of(dispatcher, poller)) {
            Thread thread = new Thread(task, "test-" + task.getClass().getSimpleName());
            thread.setDaemon(true);
            thread.start();
        }
        user = telegram.user(7001, "Вера", "ru");
        chat = telegram.privateChat(user);
    }

    @AfterEach
    void stop() {
        poller.stop();
        dispatcher.stop();
        gateway.close();
        database.close();
        telegram.close();
    }

    @Test
    void recordsBeforeConfirmingAndAsksForEveryKindItHandles() {
        UserMessage message = telegram.sendText(chat, user, "Привет");
        telegram.awaitConfirmed(message.updateId(), WAIT);
        assertThat(handled).containsExactly(message.updateId());
        assertThat(recorded()).containsExactly(message.updateId() + " message " + chat.id() + " handled");
        assertThat(telegram.calls("getUpdates").get(0).param("allowed_updates").toString())
                .contains("message", "edited_message", "callback_query", "message_reaction", "my_chat_member");
    }

    @Test
    void doesNotConfirmWhatItCouldNotRecord() throws Exception {
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
        // The poller confirms a batch once it is handled or stored in the inbox; one stored after a failed try is
        // handled a moment later.
        Await.until(WAIT, () -> !handled.isEmpty());
        assertThat(handled).containsExactly(message.updateId());
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
        assertThat(handled).containsExactly(message.updateId());
        assertThat(fatal.get()).isNull();
    }

    @Test
    void survivesTelegramBeingDown() throws Exception {
        telegram.stopAccepting(); // from its return on, no call gets through, not even one already on its way
        int polls = telegram.getUpdatesCount();
        Thread.sleep(2000); // the outage's length, not a wait: several polls fail with "connection refused" meanwhile
        assertThat(telegram.getUpdatesCount()).isEqualTo(polls);
        telegram.startAccepting();
        UserMessage message = telegram.sendText(chat, user, "Снова в сети");
        telegram.awaitConfirmed(message.updateId(), Duration.ofSeconds(60));
        assertThat(handled).containsExactly(message.updateId());
    }

    @Test
    void aRevokedTokenIsFatal() throws Exception {
        telegram.faults().failNext("getUpdates", 401, "Unauthorized", null);
        Await.until(WAIT, () -> fatal.get() != null);
        assertThat(fatal.get()).contains("refused the bot token");
    }

    private List<String> recorded() {
        return database.query(connection -> {
            List<String> rows = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT update_id, kind, chat_id, handled_at IS NOT NULL "
                         + "FROM telegram_update ORDER BY update_id")) {
                while (row.next()) {
                    rows.add(row.getLong(1) + " " + row.getString(2) + " " + row.getLong(3)
                            + (row.getBoolean(4) ? " handled" : " pending"));
                }
            }
            return rows;
        });
    }
}
