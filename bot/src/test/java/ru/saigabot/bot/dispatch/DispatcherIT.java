package ru.saigabot.bot.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.telegram.telegrambots.meta.api.objects.Update;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.InboxUpdate;
import ru.saigabot.bot.store.UpdateInbox;
import ru.saigabot.bot.telegram.ReceivedUpdate;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;

/** The dispatcher against a real inbox: what the poller hands over, what the database holds, and both. */
@ExtendWith(FreshDatabase.class)
class DispatcherIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private final List<Update> handled = Collections.synchronizedList(new ArrayList<>());
    private final Set<Integer> failOnce = Collections.synchronizedSet(new HashSet<>());
    private Database database;
    private UpdateInbox inbox;
    private Dispatcher dispatcher;
    private Thread thread;

    @BeforeEach
    void open(DatabaseUrl url) {
        database = Database.open(url.jdbcUrl(), 2);
        inbox = new UpdateInbox(database);
        Route everything = new Route("everything", update -> true, context -> {
            if (failOnce.remove(context.update().getUpdateId())) {
                throw new IllegalStateException("failing once on purpose");
            }
            handled.add(context.update());
        });
        dispatcher = new Dispatcher(database, inbox, new Router(List.of(everything)), json, (update, error) -> {});
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
    void handsOverUpdatesWithoutReadingThemBack() throws Exception {
        start();
        List<ReceivedUpdate> received = store(1, 2);

        dispatcher.handOver(received);

        Await.until(WAIT, () -> handled.size() == 2);
        // the very objects the poller parsed: nothing was read back from the database or parsed again
        assertThat(handled.get(0)).isSameAs(received.get(0).update());
        assertThat(handled.get(1)).isSameAs(received.get(1).update());
        Await.until(WAIT, () -> inbox.pending(10).isEmpty());
    }

    @Test
    void anUpdateBothInTheInboxAndHandedOverIsHandledOnce() throws Exception {
        // Stored and handed over before the dispatcher started: its first look at the inbox finds them too.
        dispatcher.handOver(store(1, 2));
        start();
        dispatcher.handOver(store(3));

        Await.until(WAIT, () -> handled.size() >= 3);
        Thread.sleep(1500); // a duplicate would come by now: the dispatcher looks at the inbox every second idle
        assertThat(handled).extracting(Update::getUpdateId).containsExactly(1, 2, 3);
    }

    @Test
    void aFailedUpdateIsRetriedFromTheInboxBeforeTheChatsNextOne() throws Exception {
        start();
        failOnce.add(1);

        dispatcher.handOver(store(1, 2));

        Await.until(WAIT, () -> handled.size() == 2);
        assertThat(handled).extracting(Update::getUpdateId).containsExactly(1, 2);
        Await.until(WAIT, () -> inbox.pending(10).isEmpty());
    }

    private void start() {
        thread = new Thread(dispatcher, "dispatcher");
        thread.start();
    }

    /** Stores text messages of one chat as the poller does; returns them as it hands them over. */
    private List<ReceivedUpdate> store(int... updateIds) throws Exception {
        List<InboxUpdate> rows = new ArrayList<>();
        List<ReceivedUpdate> received = new ArrayList<>();
        for (int id : updateIds) {
            String payload = "{\"update_id\":" + id + ",\"message\":{\"message_id\":" + id + ",\"date\":1700000000,"
                    + "\"chat\":{\"id\":42,\"type\":\"private\"},\"text\":\"Сообщение " + id + "\"}}";
            InboxUpdate row = new InboxUpdate(id, "message", 42L, payload, 0);
            rows.add(row);
            received.add(new ReceivedUpdate(row, json.readValue(payload, Update.class)));
        }
        assertThat(inbox.store(rows)).hasSize(updateIds.length);
        return received;
    }
}
