package ru.saigabot.bot.documents;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Words as the search compares them, folded the way the database's {@code search_fold} folds text (lower case, ё as
 * е, one character for one), so a word of a question can be looked up among a document's words.
 */
public final class SearchText {
    /** Shorter words are too short for trigrams to tell a misspelling from another word. */
    static final int MIN_WORD_LETTERS = 3;

    private SearchText() {
    }

    public static String fold(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = Character.toLowerCase(text.charAt(i));
            folded.append(c == 'ё' ? 'е' : c);
        }
        return folded.toString();
    }

    /** The distinct folded words of {@code text} with at least {@link #MIN_WORD_LETTERS} letters, in order. */
    public static Set<String> words(String text) {
        Set<String> words = new LinkedHashSet<>();
        String folded = fold(text);
        int start = -1;
        for (int i = 0; i <= folded.length(); i++) {
            boolean letter = i < folded.length() && Character.isLetter(folded.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                if (i - start >= MIN_WORD_LETTERS) {
                    words.add(folded.substring(start, i));
                }
                start = -1;
            }
        }
        return words;
    }

    /** True for a word written in the Russian alphabet, the only one the Russian stemmer and typo search serve. */
    static boolean cyrillic(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (Character.UnicodeBlock.of(word.charAt(i)) != Character.UnicodeBlock.CYRILLIC) {
                return false;
            }
        }
        return !word.isEmpty();
    }
}
