package ru.saigabot.bot.documents;

import java.util.List;

/**
 * What a search found: the relevant passages, best first (empty when the documents do not cover the question), and
 * how the question was read, for {@code docs search} and the logs.
 *
 * @param terms       the question's stems and Latin words that were looked for
 * @param corrections words of the documents looked for in place of question words they do not have (misspellings)
 */
public record SearchResult(List<FoundPassage> passages, List<String> terms, List<String> corrections) {
    public SearchResult {
        passages = List.copyOf(passages);
        terms = List.copyOf(terms);
        corrections = List.copyOf(corrections);
    }

    public static SearchResult nothing(List<String> terms) {
        return new SearchResult(List.of(), terms, List.of());
    }
}
