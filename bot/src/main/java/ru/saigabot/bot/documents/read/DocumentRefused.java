package ru.saigabot.bot.documents.read;

import java.util.Objects;

/**
 * A document the reader will not turn into text. The message is an English detail for logs; what the user reads is
 * worded elsewhere, keyed by {@link #reason()}. When a library's exception led to the refusal it is kept as the cause.
 */
public final class DocumentRefused extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a document was refused: a closed set, so the user's wording can cover every case. */
    public enum Reason {
        /** Neither the name, the mime type nor the first bytes say PDF, DOCX, HTML, text or Markdown. */
        UNSUPPORTED_TYPE,
        /** More bytes than {@link ReadLimits#maxBytes()}, or a DOCX that would unpack to too much. */
        TOO_BIG,
        /** A PDF with more pages than {@link ReadLimits#maxPages()}. */
        TOO_MANY_PAGES,
        /** More text than {@link ReadLimits#maxChars()}. */
        TOO_LONG,
        /** Needs a password to open. */
        ENCRYPTED,
        /** A PDF with pages and images but (almost) no text: a scan without OCR. */
        NO_TEXT_LAYER,
        /** No bytes, or no text at all. */
        EMPTY,
        /** Not what its name says, cut short, malformed, or a zip bomb. */
        DAMAGED,
        /** Reading took longer than {@link ReadLimits#timeout()}; the reading thread was interrupted. */
        TIMED_OUT
    }

    private final Reason reason;

    public DocumentRefused(Reason reason, String detail) {
        super(detail);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public DocumentRefused(Reason reason, String detail, Throwable cause) {
        super(detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "DocumentRefused[" + reason + "]: " + getMessage();
    }
}
