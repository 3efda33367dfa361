package ru.saigabot.bot.documents.read;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The formats the reader turns into text, with the file name extensions and mime types that claim them. */
public enum DocumentFormat {
    PDF(List.of("pdf"), List.of("application/pdf", "application/x-pdf")),
    DOCX(List.of("docx"), List.of("application/vnd.openxmlformats-officedocument.wordprocessingml.document")),
    HTML(List.of("html", "htm", "xhtml"), List.of("text/html", "application/xhtml+xml")),
    MARKDOWN(List.of("md", "markdown"), List.of("text/markdown", "text/x-markdown")),
    TXT(List.of("txt", "text"), List.of("text/plain"));

    private final List<String> extensions;
    private final List<String> mimeTypes;

    DocumentFormat(List<String> extensions, List<String> mimeTypes) {
        this.extensions = extensions;
        this.mimeTypes = mimeTypes;
    }

    /** Lower case, without the dot; the first is the usual one. */
    public List<String> extensions() {
        return extensions;
    }

    public List<String> mimeTypes() {
        return mimeTypes;
    }

    /** Whether text is split by pages ({@link DocumentPart#page()} set) rather than only by headings. */
    public boolean hasPages() {
        return this == PDF;
    }

    /** The format a file name's extension names, case ignored. */
    public static Optional<DocumentFormat> byFileName(String fileName) {
        String extension = extension(fileName);
        for (DocumentFormat format : values()) {
            if (format.extensions.contains(extension)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The format a mime type names, parameters ({@code ; charset=...}) and case ignored. */
    public static Optional<DocumentFormat> byMimeType(String mimeType) {
        if (mimeType == null) {
            return Optional.empty();
        }
        String bare = mimeType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        for (DocumentFormat format : values()) {
            if (format.mimeTypes.contains(bare)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** A file name's extension in lower case without the dot, or "" when it has none. */
    static String extension(String fileName) {
        if (fileName == null) {
            return "";
        }
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1).strip().toLowerCase(Locale.ROOT);
    }
}
