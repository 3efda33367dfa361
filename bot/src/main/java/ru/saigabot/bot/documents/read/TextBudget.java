package ru.saigabot.bot.documents.read;

import ru.saigabot.bot.documents.read.DocumentRefused.Reason;

/**
 * One read's running count of extracted characters, checked against {@link ReadLimits#maxChars()} as text arrives so
 * that a huge document stops being read as soon as it passes the limit. Each spend also checks whether the reading
 * thread was interrupted (its time is up): libraries do not look at interruption, so extraction looks for them.
 * Used by the one reading thread only.
 */
final class TextBudget {

    private final int maxChars;
    private long spent;

    TextBudget(int maxChars) {
        this.maxChars = maxChars;
    }

    void spend(int chars) throws DocumentRefused {
        spent += chars;
        if (spent > maxChars) {
            throw new DocumentRefused(Reason.TOO_LONG, "more than " + maxChars + " characters of text");
        }
        checkTime();
    }

    /** For library callbacks that may only throw unchecked exceptions: the refusal travels in a {@link ReadStopped}. */
    void spendUnchecked(int chars) {
        try {
            spend(chars);
        } catch (DocumentRefused refused) {
            throw new ReadStopped(refused);
        }
    }

    static void checkTime() throws DocumentRefused {
        if (Thread.currentThread().isInterrupted()) {
            throw new DocumentRefused(Reason.TIMED_OUT, "reading was interrupted: its time was up");
        }
    }

    long spent() {
        return spent;
    }

    /** Carries a refusal out through a library's code; the format reader unwraps it. */
    static final class ReadStopped extends RuntimeException {

        private static final long serialVersionUID = 1L;

        ReadStopped(DocumentRefused refusal) {
            super(refusal.getMessage(), refusal);
        }

        DocumentRefused refusal() {
            return (DocumentRefused) getCause();
        }
    }
}
