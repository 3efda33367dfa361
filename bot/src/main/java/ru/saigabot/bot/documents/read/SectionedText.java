package ru.saigabot.bot.documents.read;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers a page-less document's paragraphs into one part per heading (DOCX, HTML, Markdown): text before the first
 * heading is a part without a section, and a heading with no text under it before the next one leaves no part.
 * Headings themselves are not repeated in the text: they are the part's {@link DocumentPart#section()}.
 */
final class SectionedText {

    private final TextBudget budget;
    private final List<DocumentPart> parts = new ArrayList<>();
    private final StringBuilder current = new StringBuilder();
    private String section;

    SectionedText(TextBudget budget) {
        this.budget = budget;
    }

    /** Starts a new section; a blank heading is ignored (the text goes on in the current section). */
    void heading(String text) throws DocumentRefused {
        String heading = TextNormalizer.normalize(text).replace('\n', ' ').replace('\t', ' ');
        if (heading.isEmpty()) {
            return;
        }
        budget.spend(heading.length());
        flush();
        section = heading;
    }

    /** Adds a paragraph (it may hold line breaks of its own) to the current section. */
    void paragraph(CharSequence text) throws DocumentRefused {
        text(text);
        current.append("\n\n");
    }

    /** Adds raw text to the current section as it is: the caller adds the line breaks. */
    void text(CharSequence text) throws DocumentRefused {
        budget.spend(text.length());
        current.append(text);
    }

    List<DocumentPart> parts() {
        flush();
        return List.copyOf(parts);
    }

    private void flush() {
        String text = TextNormalizer.normalize(current);
        if (!text.isEmpty()) {
            parts.add(new DocumentPart(null, section, text));
        }
        current.setLength(0);
    }
}
