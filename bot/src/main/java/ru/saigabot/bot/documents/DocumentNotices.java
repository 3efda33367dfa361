package ru.saigabot.bot.documents;

import ru.saigabot.bot.documents.read.DocumentRefused;

/** Tells the sender of a file what became of it. Called on the reader's thread; must not wait for Telegram. */
public interface DocumentNotices {

    /** Read, or the same content was there already. */
    void read(QueuedDocument document, Ingested result);

    /** Not read, and why (the row is gone: nothing half-read stays). */
    void refused(QueuedDocument document, DocumentRefused refusal);

    /** Could not be fetched after several tries: the user may send it again. */
    void unavailable(QueuedDocument document);
}
