package ru.saigabot.bot.documents;

import java.util.List;
import ru.saigabot.inference.grounding.GivenPassage;

/**
 * How a question met the chat's documents.
 *
 * @param searched false when the chat had no active documents (or /docs off): nothing to say about sources
 * @param passages the passages given, [1] first; empty when the search found nothing relevant
 * @param snippets each passage's snippet, in the same order (matched words between {@link FoundPassage#MARK_START}
 *                 and {@link FoundPassage#MARK_END})
 */
public record GivenSources(boolean searched, List<GivenPassage> passages, List<String> snippets) {
    public static final GivenSources NOT_SEARCHED = new GivenSources(false, List.of(), List.of());

    public GivenSources {
        passages = List.copyOf(passages);
        snippets = List.copyOf(snippets);
        if (passages.size() != snippets.size()) {
            throw new IllegalArgumentException("one snippet per passage");
        }
    }
}
