package ru.saigabot.bot.web.admin;

import java.util.function.IntSupplier;

/**
 * The queue as the answer service sees it right now ({@code AnswerService.pendingTotal()} and
 * {@code generatingTotal()}, the numbers /stats and the metrics show).
 */
public final class QueueLength {
    /** Requests waiting or being written, those being written, and so those waiting. */
    record Now(int pending, int generating) {
        int waiting() {
            return Math.max(0, pending - generating);
        }
    }

    private final IntSupplier pending;
    private final IntSupplier generating;

    public QueueLength(IntSupplier pending, IntSupplier generating) {
        this.pending = pending;
        this.generating = generating;
    }

    Now now() {
        // read apart, so a request may move between them: never fewer pending than generating
        int writing = generating.getAsInt();
        return new Now(Math.max(pending.getAsInt(), writing), writing);
    }
}
