package ru.saigabot.bot.documents.split;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A part's text as units: paragraphs (separated by blank lines) into sentences, each sentence measured once; a
 * sentence longer than the target cut between words into pieces of at most the target, and a single word longer
 * than that (a link, a base64 blob) cut between characters.
 */
final class Units {

    private final String text;
    private final ToIntFunction<String> tokens;
    private final int target;

    Units(String text, ToIntFunction<String> tokens, int target) {
        this.text = text;
        this.tokens = tokens;
        this.target = target;
    }

    List<Unit> all() {
        List<Unit> units = new ArrayList<>();
        int paragraphStart = 0;
        while (paragraphStart < text.length()) {
            int paragraphEnd = paragraphEnd(paragraphStart);
            List<int[]> pieces = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            for (int[] sentence : Sentences.of(text, paragraphStart, paragraphEnd)) {
                int size = measure(sentence[0], sentence[1]);
                if (size <= target) {
                    pieces.add(sentence);
                    sizes.add(size);
                } else {
                    cutBetweenWords(sentence[0], sentence[1], pieces, sizes);
                }
            }
            int paragraphTokens = sizes.stream().mapToInt(Integer::intValue).sum();
            for (int i = 0; i < pieces.size(); i++) {
                int[] piece = pieces.get(i);
                units.add(new Unit(piece[0], piece[1], sizes.get(i), i == 0, i == 0 ? paragraphTokens : 0));
            }
            paragraphStart = paragraphEnd;
        }
        return units;
    }

    /** Where the paragraph starting at {@code from} ends: past the blank line after it, or at the text's end. */
    private int paragraphEnd(int from) {
        int lineEnd = text.indexOf('\n', from);
        while (lineEnd >= 0) {
            int next = lineEnd + 1;
            while (next < text.length() && (text.charAt(next) == ' ' || text.charAt(next) == '\t')) {
                next++;
            }
            if (next < text.length() && text.charAt(next) == '\n') {
                return next + 1;
            }
            lineEnd = text.indexOf('\n', next);
        }
        return text.length();
    }

    private void cutBetweenWords(int from, int to, List<int[]> pieces, List<Integer> sizes) {
        int pieceStart = -1;
        int pieceEnd = -1;
        int pieceTokens = 0;
        int i = from;
        while (i < to) {
            while (i < to && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int wordEnd = i;
            while (wordEnd < to && !Character.isWhitespace(text.charAt(wordEnd))) {
                wordEnd++;
            }
            if (wordEnd == i) {
                break;
            }
            int wordTokens = measure(i, wordEnd);
            if (pieceStart >= 0 && pieceTokens + wordTokens > target) {
                pieces.add(new int[] {pieceStart, pieceEnd});
                sizes.add(pieceTokens);
                pieceStart = -1;
                pieceTokens = 0;
            }
            if (wordTokens > target) {
                cutBetweenChars(i, wordEnd, pieces, sizes);
            } else {
                pieceStart = pieceStart < 0 ? i : pieceStart;
                pieceEnd = wordEnd;
                pieceTokens += wordTokens;
            }
            i = wordEnd;
        }
        if (pieceStart >= 0) {
            pieces.add(new int[] {pieceStart, pieceEnd});
            sizes.add(pieceTokens);
        }
    }

    /** The longest prefixes that fit the target, found by bisection; never between a surrogate pair. */
    private void cutBetweenChars(int from, int to, List<int[]> pieces, List<Integer> sizes) {
        int start = from;
        while (start < to) {
            int low = start + 1;
            int high = to;
            while (low < high) {
                int middle = (low + high + 1) >>> 1;
                if (measure(start, middle) <= target) {
                    low = middle;
                } else {
                    high = middle - 1;
                }
            }
            int end = low < to && Character.isHighSurrogate(text.charAt(low - 1)) && low - 1 > start ? low - 1 : low;
            pieces.add(new int[] {start, end});
            sizes.add(measure(start, end));
            start = end;
        }
    }

    private int measure(int from, int to) {
        return tokens.applyAsInt(text.substring(from, to));
    }
}
