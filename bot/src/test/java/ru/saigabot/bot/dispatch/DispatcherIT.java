package ru.saigabot.bot.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.telegram.telegrambots.meta.api.objects.Update;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.InboxUpdate;
import ru.saigabot.bot.store.UpdateInbox;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;

/** The dispatcher against a real inbox: what the poller hands it, what the database holds, and both. */
@ExtendWith(FreshDatabase.class)
class DispatcherIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private final List<Update> handled = Collections.synchronizedList(new ArrayList<>());
    /** Update ids and how many more times their handler is to fail. */
    private final Map<Integer, Integer> failures = Collections.synchronizedMap(new HashMap<>());
    private volatile int notReadyUntilReleased;
    private volatile boolean released;
    private Database database;
    private UpdateInbox inbox;
    private Dispatcher dispatcher;
    private Thread thread;

    @BeforeEach
    void open(DatabaseUrl url) {
        database = Database.open(url.jdbcUrl(), 2);
        inbox = new UpdateInbox(database);
        Route<Update> everything = new Route<>("everything", Route.Stage.EVENT, Optional::of, (context, update) -> {
            int id = context.update().getUpdateId();
            if (failures.getOrDefault(id, 0) > 0) {
                failures.merge(id, -1, Integer::sum);
                throw new IllegalStateException("failing on purpose");
            }
            if (id == notReadyUntilReleased && !released) {
                throw new UpdateNotReady("waiting for the test");
            }
            handled.add(context.update());
        });
        dispatcher = new Dispatcher(database, inbox, new Router(List.of(everything), List.of()), json, (update, error) -> {});
    }

    @AfterEach
    void close() throws InterruptedException {
        dispatcher.stop();
        if (thread != null) {
            thread.join(5000);
        }
        database.close();
    }

    @Test
    void aReceivedBatchIsHandledInTheTransactionThatRecordsIt() throws Exception {
        start();
        List<Update> received = updates(1, 2);

        dispatcher.accept(received);

        // Once accept returns, the batch is handled and committed: the poller may confirm it to Telegram.
        assertThat(handled).hasSize(2);
        // the very objects the poller parsed: nothing was read back from the database or parsed again
        assertThat(handled.get(0)).isSameAs(received.get(0));
        assertThat(handled.get(1)).isSameAs(received.get(1));
        // recorded by the transaction that handled them (received_at = handled_at, both its now()), and the
        // messages' text was never written
        assertThat(rows()).containsExactly("1 handled at once attempts=1 payload=null",
                "2 handled at once attempts=1 payload=null");
    }

    @Test
    void aRedeliveredUpdateIsNotHandledAgain() {
        start();
        dispatcher.accept(updates(1, 2));

        dispatcher.accept(updates(2, 3)); // Telegram sends 2 again when its confirmation was lost

        assertThat(handled).extracting(Update::getUpdateId).containsExactly(1, 2, 3);
    }

    @Test
    void whileAnUpdateWaitsForItsRetryWhatFollowsWaitsBehindIt() throws Exception {
        start();
        notReadyUntilReleased = 1;

        dispatcher.accept(updates(1, 2)); // returns once both are stored in the inbox
        dispatcher.accept(updates(3)); // received while 1 waits: stored behind it, not handled at once

        assertThat(handled).isEmpty();
        assertThat(inbox.pending(10)).extracting(InboxUpdate::updateId).containsExactly(1L, 2L, 3L);
        released = true;
        Await.until(WAIT, () -> handled.size() == 3);
        assertThat(handled).extracting(Update::getUpdateId).containsExactly(1, 2, 3);
        // Back to handling as received once the inbox is empty.
        Await.until(WAIT, () -> inbox.pending(10).isEmpty());
        dispatcher.accept(updates(4));
        assertThat(handled).extracting(Update::getUpdateId).containsExactly(1, 2, 3, 4);
        assertThat(rows()).element(3).isEqualTo("4 handled at once attempts=1 payload=null");
    }

    @Test
    void updatesLeftInTheInboxGoBeforeNewOnes() throws Exception {
        assertThat(inbox.store(List.of(row(1), row(2)))).hasSize(2); // left by an earlier run
        start();

        dispatcher.accept(updates(3));

        Await.until(WAIT, () -> handled.size() == 3);
        assertThat(handled).extracting(Update::getUpdateId).containsExactly(1, 2, 3);
        Await.until(WAIT, () -> inbox.pending(10).isEmpty());
    }

    @Test
    void aFailedUpdateIsRetriedFromTheInboxBeforeWhatFollowsInItsChat() throws Exception {
        start();
        failures.put(1, 2); // fails in the batch, then alone; the retry 200 ms later succeeds

        dispatcher.accept(updates(1, 2));

        Await.until(WAIT, () -> handled.size() == 2);
        assertThat(handled).extracting(Update::getUpdateId).containsExactly(1, 2);
        Await.until(WAIT, () -> inbox.pending(10).isEmpty());
        // one failed attempt counted, and the text dropped once handled
        assertThat(rows()).containsExactly("1 handled later attempts=2 payload=null",
                "2 handled later attempts=1 payload=null");
    }

    @Test
    void aBatchThatCannotBeRecordedIsRefusedAndCanComeAgain() throws Exception {
        start();
        dispatcher.accept(updates(1)); // once handled, the dispatcher has found the inbox empty at its start
        database.query(connection -> connection.createStatement().execute(
                "ALTER TABLE telegram_update RENAME TO telegram_update_away"));

        assertThatThrownBy(() -> dispatcher.accept(updates(2))).hasMessageContaining("telegram_update");
        assertThat(handled).extracting(Update::getUpdateId).containsExactly(1);

        database.query(connection -> connection.createStatement().execute(
                "ALTER TABLE telegram_update_away RENAME TO telegram_update"));
        dispatcher.accept(updates(2)); // handled at once: the refused batch left nothing waiting
        assertThat(handled).extracting(Update::getUpdateId).containsExactly(1, 2);
    }

    @Test
    void stoppingRefusesWhatIsReceivedSoThatTelegramKeepsIt() {
        start();
        dispatcher.stop();

        assertThatThrownBy(() -> dispatcher.accept(updates(1))).hasMessageContaining("stopped");
        assertThat(handled).isEmpty();
    }

    private void start() {
        thread = new Thread(dispatcher, "dispatcher");
        thread.start();
    }

    /** Text messages of one chat, parsed as the poller parses them. */
    private List<Update> updates(int... updateIds) {
        List<Update> updates = new ArrayList<>();
        for (int id : updateIds) {
            try {
                updates.add(json.readValue(row(id).payload(), Update.class));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return updates;
    }

    private static InboxUpdate row(int id) {
        String payload = "{\"update_id\":" + id + ",\"message\":{\"message_id\":" + id + ",\"date\":1700000000,"
                + "\"chat\":{\"id\":42,\"type\":\"private\"},\"text\":\"Сообщение " + id + "\"}}";
        return new InboxUpdate(id, "message", 42L, payload, 0);
    }

    private List<String> rows() {
        return database.query(connection -> {
            List<String> rows = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT update_id, handled_at IS NOT NULL, "
                         + "handled_at = received_at, attempts, payload IS NULL FROM telegram_update "
                         + "ORDER BY update_id")) {
                while (row.next()) {
                    rows.add(row.getLong(1) + (row.getBoolean(2) ? " handled" : " pending")
                            + (row.getBoolean(3) ? " at once" : " later") + " attempts=" + row.getInt(4)
                            + (row.getBoolean(5) ? " payload=null" : " payload=kept"));
                }
            }
            return rows;
        });
    }
}
