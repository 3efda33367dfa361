package ru.saigabot.inference.catalog;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides, from the response to a (possibly ranged) GET, what to do with the part file. Pure logic: the
 * downloader does the I/O.
 */
final class ResumePlanner {

    /** What to do with the response. */
    sealed interface Plan permits Write, AlreadyComplete, DiscardPart, Retry, Fail {
    }

    /**
     * Write the body into the part file from byte {@code from}. {@code from} is 0 while the part holds bytes when
     * the server ignored the range and sends the whole file: the part must be emptied first.
     */
    record Write(long from, OptionalLong total) implements Plan {
    }

    /** The part already holds the whole file (a 416 for a range starting at the file's end). */
    record AlreadyComplete(long total) implements Plan {
    }

    /** The part is longer than the remote file, so it is not a prefix of it: empty it and ask again. */
    record DiscardPart(String why) implements Plan {
    }

    /** A failure that may pass (5xx, 429): try again later. */
    record Retry(String why) implements Plan {
    }

    /** A failure that will not pass by retrying. */
    record Fail(DownloadException.Reason reason, String why) implements Plan {
    }

    private ResumePlanner() {
    }

    /**
     * @param partBytes bytes already in the part file; a {@code Range: bytes=partBytes-} was sent when above 0
     * @param status the final response's status (after redirects)
     * @param contentLength its Content-Length, if any
     * @param contentRange its parsed Content-Range, if any
     * @param expectedTotal the file's size if the catalog or the hub already said it
     */
    static Plan plan(long partBytes, int status, OptionalLong contentLength, Optional<ContentRange> contentRange,
            OptionalLong expectedTotal) {
        switch (status) {
            case 200:
                return checked(new Write(0, contentLength), expectedTotal);
            case 206:
                return partial(partBytes, contentLength, contentRange, expectedTotal);
            case 416:
                return unsatisfiable(partBytes, contentRange, expectedTotal);
            case 404:
            case 410:
                return new Fail(DownloadException.Reason.NOT_FOUND, "HTTP " + status);
            case 401:
            case 403:
                return new Fail(DownloadException.Reason.ACCESS_DENIED, "HTTP " + status);
            case 408:
            case 429:
                return new Retry("HTTP " + status);
            default:
                return status >= 500 && status <= 599 ? new Retry("HTTP " + status)
                        : new Fail(DownloadException.Reason.PROTOCOL, "unexpected HTTP " + status);
        }
    }

    private static Plan partial(long partBytes, OptionalLong contentLength, Optional<ContentRange> contentRange,
            OptionalLong expectedTotal) {
        if (contentRange.isEmpty() || contentRange.get().first().isEmpty()) {
            return new Fail(DownloadException.Reason.PROTOCOL, "HTTP 206 without a usable Content-Range");
        }
        ContentRange range = contentRange.get();
        if (range.first().getAsLong() != partBytes) {
            return new Fail(DownloadException.Reason.PROTOCOL, "asked for bytes from " + partBytes
                    + " but got a range starting at " + range.first().getAsLong());
        }
        OptionalLong total = range.total();
        if (total.isEmpty() && contentLength.isPresent()) {
            total = OptionalLong.of(partBytes + contentLength.getAsLong());
        }
        return checked(new Write(partBytes, total), expectedTotal);
    }

    private static Plan unsatisfiable(long partBytes, Optional<ContentRange> contentRange, OptionalLong expectedTotal) {
        OptionalLong total = contentRange.map(ContentRange::total).orElse(OptionalLong.empty());
        if (total.isEmpty()) {
            total = expectedTotal;
        }
        if (total.isPresent() && total.getAsLong() == partBytes && partBytes > 0) {
            return new AlreadyComplete(partBytes);
        }
        return new DiscardPart("the hub has no bytes from " + partBytes
                + (total.isPresent() ? " (the file has " + total.getAsLong() + ")" : ""));
    }

    /** A transfer of a file whose size differs from the expected one would fail its check at the end: stop now. */
    private static Plan checked(Write write, OptionalLong expectedTotal) {
        if (write.total().isPresent() && expectedTotal.isPresent()
                && write.total().getAsLong() != expectedTotal.getAsLong()) {
            return new Fail(DownloadException.Reason.HUB_CHANGED, "the hub serves " + write.total().getAsLong()
                    + " bytes, " + expectedTotal.getAsLong() + " were expected");
        }
        return write;
    }
}
