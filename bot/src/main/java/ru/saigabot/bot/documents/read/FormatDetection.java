package ru.saigabot.bot.documents.read;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import ru.saigabot.bot.documents.read.DocumentRefused.Reason;

/**
 * Decides how to read a file: the name's extension first, then the mime type, both checked against the first bytes.
 * Binary formats must have their magic bytes (a ".pdf" that is not {@code %PDF} is refused as {@link Reason#DAMAGED});
 * a file whose name claims text but whose bytes are a PDF or a DOCX is read as what the bytes say.
 */
final class FormatDetection {

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] OLE2_MAGIC = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0};
    private static final byte[] DOCX_MAIN_PART = "word/document.xml".getBytes(StandardCharsets.US_ASCII);
    /** The name of the stream Word keeps the encryption parameters in, as OLE2 directories store it: UTF-16LE. */
    private static final byte[] ENCRYPTION_INFO = "EncryptionInfo".getBytes(StandardCharsets.UTF_16LE);
    /** Acrobat accepts the header anywhere in the first kilobyte, after junk some generators put first. */
    private static final int PDF_HEADER_WINDOW = 1024;
    private static final int TEXT_SNIFF_WINDOW = 8192;

    private FormatDetection() {
    }

    static DocumentFormat detect(String fileName, String mimeType, byte[] content) throws DocumentRefused {
        Optional<DocumentFormat> claimed =
                DocumentFormat.byFileName(fileName).or(() -> DocumentFormat.byMimeType(mimeType));
        Optional<DocumentFormat> binary = binaryFormat(content);
        if (claimed.isEmpty()) {
            return unclaimed(fileName, mimeType, content, binary);
        }
        DocumentFormat format = claimed.get();
        if (format == DocumentFormat.PDF && binary.orElse(null) != DocumentFormat.PDF) {
            throw new DocumentRefused(Reason.DAMAGED, "'" + fileName + "' is named a PDF but does not start with %PDF");
        }
        if (format == DocumentFormat.DOCX && binary.orElse(null) != DocumentFormat.DOCX) {
            throw notDocx(fileName, content);
        }
        if (binary.isPresent()) {
            return binary.get();
        }
        requireText(fileName, content);
        return format;
    }

    private static DocumentFormat unclaimed(String fileName, String mimeType, byte[] content,
                                            Optional<DocumentFormat> binary) throws DocumentRefused {
        if (binary.isPresent()) {
            return binary.get();
        }
        String extension = DocumentFormat.extension(fileName);
        boolean textMime = mimeType != null && mimeType.strip().toLowerCase(Locale.ROOT).startsWith("text/");
        if (!extension.isEmpty() && !textMime) {
            throw new DocumentRefused(Reason.UNSUPPORTED_TYPE, "'" + fileName + "' (" + mimeType
                    + ") is of a type that is not read: only PDF, DOCX, HTML, TXT and Markdown are");
        }
        requireText(fileName, content);
        return looksLikeHtml(content) ? DocumentFormat.HTML : DocumentFormat.TXT;
    }

    private static DocumentRefused notDocx(String fileName, byte[] content) {
        if (startsWith(content, OLE2_MAGIC)) {
            // Word keeps a password-protected DOCX inside an OLE2 container with an EncryptionInfo stream.
            return indexOf(content, ENCRYPTION_INFO, 0, content.length) >= 0
                    ? new DocumentRefused(Reason.ENCRYPTED, "'" + fileName + "' is a password-protected Word file")
                    : new DocumentRefused(Reason.UNSUPPORTED_TYPE, "'" + fileName + "' is an old Word .doc, not a DOCX");
        }
        return startsWith(content, ZIP_MAGIC)
                ? new DocumentRefused(Reason.DAMAGED, "'" + fileName + "' is a zip without word/document.xml")
                : new DocumentRefused(Reason.DAMAGED, "'" + fileName + "' is named a DOCX but is not a zip archive");
    }

    private static Optional<DocumentFormat> binaryFormat(byte[] content) {
        if (indexOf(content, PDF_MAGIC, 0, Math.min(content.length, PDF_HEADER_WINDOW)) >= 0) {
            return Optional.of(DocumentFormat.PDF);
        }
        // Part names are stored uncompressed in the zip's headers, so the main part's name is in the bytes.
        if (startsWith(content, ZIP_MAGIC) && indexOf(content, DOCX_MAIN_PART, 0, content.length) >= 0) {
            return Optional.of(DocumentFormat.DOCX);
        }
        return Optional.empty();
    }

    /** Text has no NUL bytes, unless it is UTF-16 with a byte order mark. */
    private static void requireText(String fileName, byte[] content) throws DocumentRefused {
        if (TextDecoding.hasUtf16Bom(content)) {
            return;
        }
        int window = Math.min(content.length, TEXT_SNIFF_WINDOW);
        for (int i = 0; i < window; i++) {
            if (content[i] == 0) {
                throw new DocumentRefused(Reason.UNSUPPORTED_TYPE, "'" + fileName + "' is binary, not text");
            }
        }
    }

    private static boolean looksLikeHtml(byte[] content) {
        String start = new String(content, 0, Math.min(content.length, 512), StandardCharsets.ISO_8859_1)
                .stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    private static boolean startsWith(byte[] content, byte[] prefix) {
        return indexOf(content, prefix, 0, Math.min(content.length, prefix.length)) == 0;
    }

    private static int indexOf(byte[] content, byte[] pattern, int from, int to) {
        outer:
        for (int i = from; i <= to - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (content[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
