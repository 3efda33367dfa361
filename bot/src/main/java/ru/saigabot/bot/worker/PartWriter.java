package ru.saigabot.bot.worker;

import ru.saigabot.bot.generation.QueueClaim;
import ru.saigabot.bot.store.Database;

/**
 * Collects an attempt's text from engine threads and writes it as numbered parts: the engine's
 * listener must not block, so deltas are only buffered here and a timer writes them.
 */
final class PartWriter {
    private final Database database;
    private final InferenceQueue queue;
    private final QueueClaim claim;
    private final String workerId;
    private final StringBuilder pending = new StringBuilder();
    private int nextSeq;
    private boolean lost;

    PartWriter(Database database, InferenceQueue queue, QueueClaim claim, String workerId) {
        this.database = database;
        this.queue = queue;
        this.claim = claim;
        this.workerId = workerId;
    }

    void add(String delta) {
        synchronized (pending) {
            pending.append(delta); // engine thread: only a buffer append, never a database call
        }
    }

    /** Writes what is buffered as the next part; false once the attempt has lost the job. */
    synchronized boolean flush() {
        if (lost) {
            return false;
        }
        String delta;
        synchronized (pending) {
            delta = pending.toString();
            pending.setLength(0);
        }
        if (delta.isEmpty()) {
            return true;
        }
        int seq = nextSeq;
        boolean written;
        try {
            written = database.<Boolean>inTransaction(tx -> queue.append(tx, claim, workerId, seq, delta));
        } catch (RuntimeException e) {
            synchronized (pending) {
                pending.insert(0, delta); // written with the next flush; the part numbers stay in order
            }
            throw e;
        }
        if (!written) {
            lost = true;
            return false;
        }
        nextSeq++;
        return true;
    }

    synchronized void lost() {
        lost = true;
    }

    synchronized boolean isLost() {
        return lost;
    }
}
