package ru.saigabot.bot.documents;

/**
 * A passage a search found, best first.
 *
 * @param snippet a fragment around the matched words, each between {@link #MARK_START} and {@link #MARK_END}
 * @param score   the sum of the inverse document frequencies of the question's terms the passage holds
 */
public record FoundPassage(long passageId, long documentId, String fileName, Integer page, String section,
                           String text, String snippet, double score) {
    public static final char MARK_START = '\u0002';
    public static final char MARK_END = '\u0003';
}
