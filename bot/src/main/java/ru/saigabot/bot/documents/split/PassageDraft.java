package ru.saigabot.bot.documents.split;

import java.util.Objects;

/**
 * A passage of a document, about {@link PassageSplitter}'s target size, to be embedded and retrieved on its own.
 *
 * @param ordinal its place among the document's passages, from 0
 * @param part    the index of the {@link ru.saigabot.bot.documents.read.DocumentPart} it comes from
 * @param page    that part's page, 1-based, or null for formats without pages
 * @param section that part's heading, or null
 * @param start   where the passage starts in the part's text (a char index), overlap with the previous one included
 * @param end     where it ends there, exclusive: {@code text} is {@code part.text().substring(start, end)}
 * @param text    the passage
 * @param tokens  its length as the splitter's token counter measured it
 */
public record PassageDraft(int ordinal, int part, Integer page, String section, int start, int end, String text,
                           int tokens) {

    public PassageDraft {
        Objects.requireNonNull(text, "text");
        if (ordinal < 0 || part < 0 || start < 0 || end <= start || end - start != text.length()) {
            throw new IllegalArgumentException("bad passage " + ordinal + " of part " + part + ": [" + start + ", "
                    + end + ") for " + text.length() + " chars");
        }
    }
}
