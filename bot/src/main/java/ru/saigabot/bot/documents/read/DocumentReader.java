package ru.saigabot.bot.documents.read;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import ru.saigabot.bot.documents.read.DocumentRefused.Reason;
import ru.saigabot.bot.documents.read.FormatReader.Extraction;
import ru.saigabot.bot.documents.read.TextBudget.ReadStopped;

/**
 * Turns a file's bytes into text by page or section: PDF, DOCX, HTML, TXT and Markdown. Nothing here touches the
 * database or the network, and an instance holds only its limits, so one reader serves any number of threads.
 *
 * <p>Hostile files are refused, never fatal: the size is checked before anything is parsed; the format is checked
 * against the file's first bytes; each format reader checks pages and text as it goes; and the whole parse runs on a
 * new thread of its own under {@link ReadLimits#timeout()}. When the time is up the thread is interrupted (the
 * readers look for the interruption at every page, paragraph or glyph) and left to end on its own: it is a daemon, so
 * a library stuck in a loop that never looks cannot keep the bot from stopping. A thread per read, not a pool: reads
 * are rare next to their cost, and an abandoned thread never holds up the next read.
 */
public final class DocumentReader {

    private final ReadLimits limits;
    private final Map<DocumentFormat, FormatReader> readers;

    public DocumentReader() {
        this(ReadLimits.DEFAULTS);
    }

    public DocumentReader(ReadLimits limits) {
        this(limits, standardReaders());
    }

    /** For tests that need a format reader to misbehave (loop, throw) on purpose. */
    DocumentReader(ReadLimits limits, Map<DocumentFormat, FormatReader> readers) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.readers = Map.copyOf(readers);
    }

    public ReadLimits limits() {
        return limits;
    }

    /**
     * Reads a document, blocking the caller until it is read, refused, or its time is up.
     *
     * @param fileName the name the user gave the file (its extension counts); null or blank reads as "document"
     * @param mimeType the type the user's client declared, or null
     * @throws DocumentRefused      whenever the file cannot or may not be read; the reason says why
     * @throws InterruptedException when the caller is interrupted while waiting (the read is interrupted too)
     */
    public ReadDocument read(String fileName, String mimeType, byte[] content)
            throws DocumentRefused, InterruptedException {
        Objects.requireNonNull(content, "content");
        String name = fileName == null || fileName.isBlank() ? "document" : fileName.strip();
        if (content.length > limits.maxBytes()) {
            throw new DocumentRefused(Reason.TOO_BIG, content.length + " bytes, more than " + limits.maxBytes());
        }
        if (content.length == 0) {
            throw new DocumentRefused(Reason.EMPTY, "'" + name + "' has no bytes");
        }
        DocumentFormat format = FormatDetection.detect(name, mimeType, content);
        FormatReader reader = readers.get(format);
        if (reader == null) {
            throw new DocumentRefused(Reason.UNSUPPORTED_TYPE, "no reader for " + format);
        }
        Extraction extraction = onOwnThread(name, () -> reader.read(content, limits));
        if (extraction.parts().isEmpty()) {
            throw new DocumentRefused(Reason.EMPTY, "'" + name + "' has no text");
        }
        return new ReadDocument(name, format, extraction.parts(), extraction.pages(), words(extraction.parts()));
    }

    private Extraction onOwnThread(String name, Callable<Extraction> read)
            throws DocumentRefused, InterruptedException {
        FutureTask<Extraction> task = new FutureTask<>(read);
        Thread worker = new Thread(task, "document-reader");
        worker.setDaemon(true);
        worker.start();
        try {
            return task.get(limits.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new DocumentRefused(Reason.TIMED_OUT, "'" + name + "' took more than " + limits.timeout()
                    + " to read; the reading thread was interrupted", e);
        } catch (InterruptedException e) {
            task.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw refusal(name, e.getCause());
        }
    }

    /** What the reading thread's failure means for the user; the failure itself is kept as the cause. */
    private static DocumentRefused refusal(String name, Throwable failure) {
        if (failure instanceof DocumentRefused refused) {
            return refused;
        }
        if (failure instanceof ReadStopped stopped) {
            return stopped.refusal();
        }
        if (failure instanceof OutOfMemoryError) {
            // Thrown on the reading thread, which has ended: what it held is garbage now.
            return new DocumentRefused(Reason.TOO_BIG, "'" + name + "' needs more memory to read than there is",
                    failure);
        }
        if (failure instanceof StackOverflowError || failure instanceof RuntimeException) {
            // Libraries fail on malformed input in every way (null pointers, bad casts, deep recursion).
            return new DocumentRefused(Reason.DAMAGED, "'" + name + "' broke the parser: " + failure, failure);
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new DocumentRefused(Reason.DAMAGED, "'" + name + "' could not be read: " + failure, failure);
    }

    /** Whitespace-separated runs that hold a letter or a digit (a dash or a bullet alone is no word). */
    private static int words(List<DocumentPart> parts) {
        int words = 0;
        for (DocumentPart part : parts) {
            boolean counted = false;
            String text = part.text();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    counted = false;
                } else if (!counted && Character.isLetterOrDigit(c)) {
                    words++;
                    counted = true;
                }
            }
        }
        return words;
    }

    private static Map<DocumentFormat, FormatReader> standardReaders() {
        Map<DocumentFormat, FormatReader> readers = new EnumMap<>(DocumentFormat.class);
        readers.put(DocumentFormat.PDF, new PdfReader());
        readers.put(DocumentFormat.DOCX, new DocxReader());
        readers.put(DocumentFormat.HTML, new HtmlReader());
        readers.put(DocumentFormat.MARKDOWN, new MarkdownReader());
        readers.put(DocumentFormat.TXT, new PlainTextReader());
        return readers;
    }
}
