package ru.saigabot.bot.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.documents.ChatDocument;
import ru.saigabot.bot.documents.DocumentIngest;
import ru.saigabot.bot.documents.DocumentOptions;
import ru.saigabot.bot.documents.DocumentStore;
import ru.saigabot.bot.documents.Ingested;
import ru.saigabot.bot.documents.NewDocument;
import ru.saigabot.bot.documents.read.DocumentReader;
import ru.saigabot.bot.documents.read.DocumentRefused;
import ru.saigabot.bot.documents.read.ReadLimits;
import ru.saigabot.bot.documents.split.PassageSplitter;
import ru.saigabot.bot.store.Database;

/** Files from disk into a chat's documents, through the same reading and storing as a file sent to the bot. */
final class DocumentFiles {
    private final Database database;
    private final DocumentStore store = new DocumentStore();
    private final DocumentIngest ingest;
    private final long maxBytes;

    DocumentFiles(Database database, int maxDocumentMb) {
        this.database = database;
        this.maxBytes = new DocumentOptions(maxDocumentMb).maxBytes();
        this.ingest = new DocumentIngest(database, store,
                new DocumentReader(ReadLimits.DEFAULTS.withMaxBytes(maxBytes)), new PassageSplitter());
    }

    /** A file read (its document), or why not. */
    record Added(Path file, ChatDocument document, Ingested.Outcome outcome, String refusal, double seconds) {
        String describe() {
            String pages = document.pages() > 0 ? document.pages() + " pages, " : "";
            String what = outcome == Ingested.Outcome.ALREADY_THERE ? "already there as document " + document.id()
                    : pages + document.words() + " words, " + document.passages() + " passages (document "
                    + document.id() + ")";
            return String.format(Locale.ROOT, "%s: %s in %.1f s", file.getFileName(), what, seconds);
        }
    }

    /** The files named, a folder standing for the regular files in it (not its subfolders), in name order. */
    List<Path> expand(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> inside = Files.list(path)) {
                    inside.filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new ConfigException("cannot list " + path + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new ConfigException(path + " is neither a file nor a folder");
            }
        }
        return files;
    }

    Added add(long chatId, Path file) {
        long started = System.nanoTime();
        byte[] content;
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                return new Added(file, null, null, "too big: " + size + " bytes, the limit is " + maxBytes
                        + " (--max-document-mb)", 0);
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            return new Added(file, null, null, "cannot read it: " + e.getMessage(), 0);
        }
        String name = file.getFileName().toString();
        long id = database.inTransaction(tx -> {
            store.ensureChat(tx, chatId);
            return store.queue(tx, new NewDocument(chatId, null, name, null, null, null, content.length, null));
        });
        try {
            Ingested result = ingest.ingest(chatId, id, name, null, content);
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Added(file, result.document(), result.outcome(), null, seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while reading " + file, e);
        } catch (DocumentRefused refusal) {
            database.query(connection -> {
                store.deleteQueued(connection, id);
                return null;
            });
            return new Added(file, null, null, refusal.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + ": " + refusal.getMessage(), 0);
        }
    }
}
