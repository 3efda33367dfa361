package ru.saigabot.inference.grounding;

import java.util.Objects;

/**
 * A passage of a document as a question is given it: its number in the prompt ([1] the best), where it comes from
 * (a file name, a page or a section) and its text.
 *
 * @param page    1-based, or null when the document has no pages
 * @param section a heading, or null
 */
public record GivenPassage(int number, String fileName, Integer page, String section, String text) {
    public GivenPassage {
        if (number < 1) {
            throw new IllegalArgumentException("passages are numbered from 1, got " + number);
        }
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(text, "text");
    }

    /** "guide.pdf, с. 12", "notes.md, «Установка»" or just the file name: how the prompt and the sources name it. */
    public String origin() {
        if (page != null) {
            return fileName + ", с. " + page;
        }
        if (section != null && !section.isBlank()) {
            return fileName + ", «" + section.strip() + "»";
        }
        return fileName;
    }
}
