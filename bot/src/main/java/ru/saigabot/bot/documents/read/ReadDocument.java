package ru.saigabot.bot.documents.read;

import java.util.List;
import java.util.Objects;

/**
 * A document's text, ready to split into passages.
 *
 * @param fileName as the user sent it
 * @param format   what it was read as
 * @param parts    in document order; never empty (an empty document is refused)
 * @param pages    the PDF's page count (pages without text included), 0 for formats without pages
 * @param words    runs of letters or digits across all parts, to tell the user how much was read
 */
public record ReadDocument(String fileName, DocumentFormat format, List<DocumentPart> parts, int pages, int words) {

    public ReadDocument {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(format, "format");
        parts = List.copyOf(parts);
    }

    /** All parts' text, separated by blank lines. */
    public String text() {
        StringBuilder all = new StringBuilder();
        for (DocumentPart part : parts) {
            if (all.length() > 0) {
                all.append("\n\n");
            }
            all.append(part.text());
        }
        return all.toString();
    }
}
