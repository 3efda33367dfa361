package ru.saigabot.bot.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ru.saigabot.bot.documents.read.DocumentReader;
import ru.saigabot.bot.documents.read.DocumentRefused;
import ru.saigabot.bot.documents.split.PassageSplitter;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.testing.Await;
import ru.saigabot.bot.testing.db.FreshDatabase;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.documents.TestDocuments;

/**
 * The reader of queued files against PostgreSQL: a file queued before a restart is read at the next start, a fetch
 * that fails for a passing reason is tried again, and a file that cannot be read leaves no row. The bytes come from
 * a {@link DocumentFetch} of the test's own (Telegram's side of the download is {@code TelegramGatewayTest}'s).
 */
@ExtendWith(FreshDatabase.class)
class DocumentIndexerIT {
    private static final long CHAT = 601;
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** What the sender was told, in order. */
    private static final class Told implements DocumentNotices {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void read(QueuedDocument document, Ingested result) {
            lines.add("read " + document.fileName() + " " + result.outcome());
        }

        @Override
        public void refused(QueuedDocument document, DocumentRefused refusal) {
            lines.add("refused " + document.fileName() + " " + refusal.reason());
        }

        @Override
        public void unavailable(QueuedDocument document) {
            lines.add("unavailable " + document.fileName());
        }
    }

    private static long queue(Database database, DocumentStore store, String name) {
        return database.inTransaction(tx -> {
            store.ensureChat(tx, CHAT);
            return store.queue(tx, new NewDocument(CHAT, null, name, "file-" + name, 7L, null, 100, "ru"));
        });
    }

    @Test
    void aFileQueuedBeforeARestartIsReadAtTheStartAndAPassingFailureIsTriedAgain(DatabaseUrl db) throws Exception {
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1);
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            DocumentStore store = new DocumentStore();
            queue(database, store, "guide.pdf"); // left queued by a bot that stopped
            queue(database, store, "scan.pdf");
            AtomicInteger calls = new AtomicInteger();
            DocumentFetch telegram = (document, maxBytes) -> {
                if (document.fileName().equals("scan.pdf")) {
                    return TestDocuments.scannedPdf(1);
                }
                if (calls.incrementAndGet() == 1) {
                    throw new DocumentFetch.Unavailable("502 from Telegram", true, null);
                }
                return TestDocuments.pdf("Резервную копию сервер делает каждую ночь.");
            };
            Told told = new Told();
            DocumentIndexer indexer = new DocumentIndexer(database, store, new DocumentIngest(database, store,
                    new DocumentReader(), new PassageSplitter()), telegram, told, thread, Duration.ZERO);
            indexer.resume();

            Await.until(WAIT, () -> told.lines, lines -> lines.size() == 2);
            assertThat(told.lines).containsExactlyInAnyOrder("read guide.pdf READ", "refused scan.pdf NO_TEXT_LAYER");
            assertThat(calls).hasValue(2);
            List<ChatDocument> read = database.query(c -> store.list(c, CHAT));
            assertThat(read).extracting(ChatDocument::fileName).containsExactly("guide.pdf");
            List<QueuedDocument> left = database.query(store::allQueued);
            assertThat(left).isEmpty();
        } finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aFileTelegramNoLongerHasIsGivenUpAndItsSenderAskedAgain(DatabaseUrl db) throws Exception {
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1);
        try (Database database = Database.open(db.jdbcUrl(), 2)) {
            DocumentStore store = new DocumentStore();
            long id = queue(database, store, "gone.pdf");
            Told told = new Told();
            DocumentIndexer indexer = new DocumentIndexer(database, store, new DocumentIngest(database, store,
                    new DocumentReader(), new PassageSplitter()), (document, maxBytes) -> {
                        throw new DocumentFetch.Unavailable("400 invalid file_id", false, null);
                    }, told, thread, Duration.ZERO);
            indexer.submit(id);

            Await.until(WAIT, () -> told.lines, lines -> !lines.isEmpty());
            assertThat(told.lines).containsExactly("unavailable gone.pdf");
            List<ChatDocument> kept = database.query(c -> store.list(c, CHAT));
            assertThat(kept).isEmpty();
        } finally {
            thread.shutdownNow();
        }
    }
}
