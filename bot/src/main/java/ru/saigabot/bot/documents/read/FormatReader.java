package ru.saigabot.bot.documents.read;

import java.util.List;

/** Reads one format's bytes into normalised parts, on the reading thread, within the limits. */
interface FormatReader {

    Extraction read(byte[] content, ReadLimits limits) throws DocumentRefused;

    /**
     * @param parts non-blank parts in document order (possibly none: the caller refuses an empty document)
     * @param pages the page count, 0 for formats without pages
     */
    record Extraction(List<DocumentPart> parts, int pages) {

        public Extraction {
            parts = List.copyOf(parts);
        }
    }
}
