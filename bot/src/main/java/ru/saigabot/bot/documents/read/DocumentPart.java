package ru.saigabot.bot.documents.read;

import java.util.Objects;

/**
 * A piece of a document's text: one PDF page, or one section under a heading (DOCX, HTML, Markdown), or the whole
 * text. The text is normalised: paragraphs are separated by one blank line, lines by {@code \n}, no control
 * characters but newlines and tabs, no runs of spaces, no leading or trailing whitespace.
 *
 * @param page    1-based page number, or null for formats without pages
 * @param section the heading this part follows, or null
 * @param text    never blank
 */
public record DocumentPart(Integer page, String section, String text) {

    public DocumentPart {
        Objects.requireNonNull(text, "text");
        if (page != null && page < 1) {
            throw new IllegalArgumentException("pages count from 1: " + page);
        }
    }
}
