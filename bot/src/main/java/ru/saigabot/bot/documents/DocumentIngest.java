package ru.saigabot.bot.documents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import ru.saigabot.bot.documents.read.DocumentPart;
import ru.saigabot.bot.documents.read.DocumentReader;
import ru.saigabot.bot.documents.read.DocumentRefused;
import ru.saigabot.bot.documents.read.ReadDocument;
import ru.saigabot.bot.documents.split.PassageDraft;
import ru.saigabot.bot.documents.split.PassageSplitter;
import ru.saigabot.bot.store.Database;

/**
 * Reads a queued file into passages and stores them with it, in one transaction: a file is either whole in the
 * chat's documents or not there. The same for a file a user sent and one an operator adds with {@code docs add}.
 */
public final class DocumentIngest {
    private final Database database;
    private final DocumentStore store;
    private final DocumentReader reader;
    private final PassageSplitter splitter;

    public DocumentIngest(Database database, DocumentStore store, DocumentReader reader, PassageSplitter splitter) {
        this.database = database;
        this.store = store;
        this.reader = reader;
        this.splitter = splitter;
    }

    public DocumentReader reader() {
        return reader;
    }

    /**
     * @throws DocumentRefused      when the file cannot be read (its row stays queued: the caller deletes it and says
     *                              why)
     * @throws InterruptedException when the reading thread is interrupted (the bot stops): the row stays queued
     */
    public Ingested ingest(long chatId, long documentId, String fileName, String mimeType, byte[] content)
            throws DocumentRefused, InterruptedException {
        ReadDocument read = reader.read(fileName, mimeType, content);
        List<PassageDraft> passages = splitter.split(read);
        if (passages.isEmpty()) {
            throw new DocumentRefused(DocumentRefused.Reason.EMPTY, fileName + " has no text to search");
        }
        ReadSummary summary = new ReadSummary(read.format().name().toLowerCase(Locale.ROOT), read.pages(),
                read.words(), sha256(read.text().getBytes(StandardCharsets.UTF_8)));
        Set<String> words = new LinkedHashSet<>();
        for (DocumentPart part : read.parts()) {
            words.addAll(SearchText.words(part.text()));
        }
        return database.inTransaction(tx -> {
            Optional<ChatDocument> same = store.sameContent(tx, chatId, summary.sha256());
            if (same.isPresent()) {
                store.deleteQueued(tx, documentId);
                return new Ingested(Ingested.Outcome.ALREADY_THERE, same.get());
            }
            if (!store.storeRead(tx, documentId, summary, passages, words)) {
                return Ingested.GONE;
            }
            return new Ingested(Ingested.Outcome.READ, store.find(tx, chatId, documentId).orElseThrow());
        });
    }

    /** Of the text read, not of the file: the same document saved again (a new zip date in a DOCX) is the same. */
    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
