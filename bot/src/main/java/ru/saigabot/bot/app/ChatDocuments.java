package ru.saigabot.bot.app;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import ru.saigabot.bot.documents.DocumentFetch;
import ru.saigabot.bot.documents.DocumentIndexer;
import ru.saigabot.bot.documents.DocumentIngest;
import ru.saigabot.bot.documents.DocumentOptions;
import ru.saigabot.bot.documents.DocumentStore;
import ru.saigabot.bot.documents.read.DocumentReader;
import ru.saigabot.bot.documents.read.DocumentRefused;
import ru.saigabot.bot.documents.read.ReadLimits;
import ru.saigabot.bot.documents.split.PassageSplitter;
import ru.saigabot.bot.handlers.DocumentReplies;
import ru.saigabot.bot.handlers.Replies;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.telegram.FileTooBigException;
import ru.saigabot.bot.telegram.ReplyOutbox;
import ru.saigabot.bot.telegram.TelegramCallException;
import ru.saigabot.bot.telegram.TelegramGateway;

/** The chat's documents as the running bot has them: their store, and the reader of the files users send. */
record ChatDocuments(DocumentStore store, DocumentIndexer indexer, DocumentOptions options) {

    static ChatDocuments start(Database database, TelegramGateway telegram, ReplyOutbox outbox,
                               DocumentOptions options, Consumer<AutoCloseable> resources) {
        DocumentStore store = new DocumentStore();
        ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, Threads.daemon("documents-"));
        resources.accept(thread::shutdownNow);
        DocumentIngest ingest = new DocumentIngest(database, store,
                new DocumentReader(ReadLimits.DEFAULTS.withMaxBytes(options.maxBytes())), new PassageSplitter());
        DocumentIndexer indexer = new DocumentIndexer(database, store, ingest, fetchFrom(telegram),
                new DocumentReplies(new Replies(outbox), options.maxBytes()), thread, DocumentIndexer.RETRY_STEP);
        return new ChatDocuments(store, indexer, options);
    }

    /** Files users send come from Telegram's storage: getFile, then the download, bounded by the size limit. */
    private static DocumentFetch fetchFrom(TelegramGateway telegram) {
        return (document, maxBytes) -> {
            try {
                return telegram.download(document.tgFileId(), maxBytes);
            } catch (FileTooBigException e) {
                throw new DocumentRefused(DocumentRefused.Reason.TOO_BIG, e.getMessage(), e);
            } catch (TelegramCallException e) {
                throw new DocumentFetch.Unavailable(e.getMessage(), e.isRetryable(), e);
            }
        };
    }
}
