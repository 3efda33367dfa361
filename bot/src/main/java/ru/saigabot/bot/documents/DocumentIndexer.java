package ru.saigabot.bot.documents;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.documents.read.DocumentRefused;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.StoreException;

/**
 * Reads the files users send, one at a time, on a thread of its own: the dispatcher only queues a row, so a long or
 * hostile file never holds up a chat, and a file queued before a crash is read at the next start. A file that
 * cannot be fetched now is tried again a few times, then its sender is asked to send it again; a file that cannot
 * be read is deleted and its sender told why.
 */
public final class DocumentIndexer {
    private static final Logger log = LoggerFactory.getLogger(DocumentIndexer.class);
    static final int MAX_ATTEMPTS = 5;
    /** The first retry's wait; each next one waits once more as long. */
    public static final Duration RETRY_STEP = Duration.ofSeconds(15);

    private final Database database;
    private final DocumentStore store;
    private final DocumentIngest ingest;
    private final DocumentFetch fetch;
    private final DocumentNotices notices;
    private final ScheduledExecutorService thread;
    private final Duration retryStep;

    /**
     * @param thread    one thread: files are read one after another, each with its memory and time bounds
     * @param retryStep the wait before the first retry of a fetch that failed for a passing reason ({@link
     *                  #RETRY_STEP}); the n-th waits n times as long
     */
    public DocumentIndexer(Database database, DocumentStore store, DocumentIngest ingest, DocumentFetch fetch,
                           DocumentNotices notices, ScheduledExecutorService thread, Duration retryStep) {
        this.retryStep = retryStep;
        this.database = database;
        this.store = store;
        this.ingest = ingest;
        this.fetch = fetch;
        this.notices = notices;
        this.thread = thread;
    }

    /** Reads a queued file soon; call after the transaction that queued it committed. */
    public void submit(long documentId) {
        schedule(documentId, 1, 0);
    }

    /** Reads every file still queued (sent before a restart). */
    public void resume() {
        List<QueuedDocument> queued = database.query(store::allQueued);
        if (!queued.isEmpty()) {
            log.info("documents queued before the start are read again: count={}", queued.size());
        }
        queued.forEach(document -> submit(document.id()));
    }

    private void schedule(long documentId, int attempt, long delayMillis) {
        try {
            thread.schedule(() -> read(documentId, attempt), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.info("document left queued for the next start: document_id={}", documentId);
        }
    }

    /** A task of the reader's thread: nothing it throws may vanish in the executor's future. */
    private void read(long documentId, int attempt) {
        try {
            attempt(documentId, attempt);
        } catch (StoreException e) {
            log.warn("document left queued, database unavailable: document_id={} error={}", documentId,
                    e.getMessage());
            retry(documentId, attempt);
        } catch (RuntimeException e) {
            log.error("document reading failed: document_id={} error={}", documentId, e.getMessage(), e);
        }
    }

    private void attempt(long documentId, int attempt) {
        Optional<QueuedDocument> queued;
        try {
            queued = database.query(connection -> store.queued(connection, documentId));
        } catch (StoreException e) {
            log.warn("document not read, database unavailable: document_id={} error={}", documentId, e.getMessage());
            retry(documentId, attempt);
            return;
        }
        if (queued.isEmpty()) {
            return; // deleted meanwhile (/docs, /forget) or read already
        }
        QueuedDocument document = queued.get();
        try {
            byte[] content = fetch.fetch(document, ingest.reader().limits().maxBytes());
            Ingested result = ingest.ingest(document.chatId(), document.id(), document.fileName(),
                    document.mimeType(), content);
            if (result.outcome() != Ingested.Outcome.GONE) {
                log.info("document read: chat_id={} document_id={} outcome={} passages={}", document.chatId(),
                        document.id(), result.outcome(), result.document().passages());
                notices.read(document, result);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("document left queued for the next start: chat_id={} document_id={}", document.chatId(),
                    document.id());
        } catch (DocumentRefused refusal) {
            // The detail may quote the file's name: user data, kept out of INFO.
            log.info("document refused: chat_id={} document_id={} reason={}", document.chatId(), document.id(),
                    refusal.reason());
            log.debug("document refused: document_id={} detail={}", document.id(), refusal.getMessage());
            database.query(connection -> {
                store.deleteQueued(connection, document.id());
                return null;
            });
            notices.refused(document, refusal);
        } catch (DocumentFetch.Unavailable e) {
            log.warn("document not fetched: chat_id={} document_id={} attempt={} error={}", document.chatId(),
                    document.id(), attempt, e.getMessage());
            if (e.retryable() && attempt < MAX_ATTEMPTS) {
                retry(documentId, attempt);
            } else {
                database.query(connection -> {
                    store.deleteQueued(connection, document.id());
                    return null;
                });
                notices.unavailable(document);
            }
        } catch (StoreException e) {
            log.warn("document not stored, tried again later: chat_id={} document_id={} error={}",
                    document.chatId(), document.id(), e.getMessage());
            retry(documentId, attempt);
        } catch (RuntimeException e) {
            log.error("document reading failed: chat_id={} document_id={} error={}", document.chatId(),
                    document.id(), e.getMessage(), e);
            database.query(connection -> {
                store.deleteQueued(connection, document.id());
                return null;
            });
            notices.refused(document, new DocumentRefused(DocumentRefused.Reason.DAMAGED,
                    "the file could not be read: " + e.getMessage(), e));
        }
    }

    private void retry(long documentId, int attempt) {
        if (attempt < MAX_ATTEMPTS) {
            schedule(documentId, attempt + 1, retryStep.toMillis() * attempt);
        } else {
            log.warn("document left queued for the next start: document_id={} attempts={}", documentId, attempt);
        }
    }
}
