package ru.saigabot.bot.documents.read;

import java.time.Duration;
import java.util.Objects;

/**
 * What one read may cost. Every limit is checked as early as it can be: bytes before parsing, pages before extracting,
 * characters while extracting (so a huge document stops as soon as it passes the limit), time around the whole read.
 *
 * @param maxBytes the file's size; a DOCX may also unpack to at most {@link #maxUnpackedBytes()}
 * @param maxPages a PDF's page count, checked before any page is read
 * @param maxChars the extracted text's length, counted before whitespace is collapsed (a guard against runaway
 *                 documents, not a precise meter)
 * @param timeout  the whole read, on a thread of its own; past it the thread is interrupted and abandoned
 */
public record ReadLimits(long maxBytes, int maxPages, int maxChars, Duration timeout) {

    /** 20 MB (Telegram lets bots download up to 20 MB), 2,000 pages, 5,000,000 characters, 60 seconds. */
    public static final ReadLimits DEFAULTS =
            new ReadLimits(20L * 1024 * 1024, 2_000, 5_000_000, Duration.ofSeconds(60));

    public ReadLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (maxBytes <= 0 || maxPages <= 0 || maxChars <= 0 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("read limits must be positive: " + maxBytes + " bytes, " + maxPages
                    + " pages, " + maxChars + " chars, " + timeout);
        }
    }

    /**
     * How much a DOCX may unpack to: its own size (pictures are stored already compressed) plus 20 bytes of XML for
     * every character of text allowed (Word's markup around a run of text is typically 5 to 15 times the text).
     */
    public long maxUnpackedBytes() {
        return maxBytes + 20L * maxChars;
    }

    public ReadLimits withMaxBytes(long bytes) {
        return new ReadLimits(bytes, maxPages, maxChars, timeout);
    }

    public ReadLimits withMaxPages(int pages) {
        return new ReadLimits(maxBytes, pages, maxChars, timeout);
    }

    public ReadLimits withMaxChars(int chars) {
        return new ReadLimits(maxBytes, maxPages, chars, timeout);
    }

    public ReadLimits withTimeout(Duration time) {
        return new ReadLimits(maxBytes, maxPages, maxChars, time);
    }
}
