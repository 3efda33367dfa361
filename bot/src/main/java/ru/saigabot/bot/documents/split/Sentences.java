package ru.saigabot.bot.documents.split;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where sentences end in Russian (and English) text, by rule rather than by model: a sentence ends at {@code . ! ?}
 * or {@code …} (repeated or combined, as in "?!" or "..."), then closing quotes or brackets, then whitespace, then
 * something a sentence starts with: a capital, a digit, an opening quote or bracket, or a dialogue dash.
 *
 * <p>A full stop does not end a sentence after a single letter (initials "А. С. Пушкин", and "т. е.", "т. д.",
 * "с.", "г."), after a token with a dot inside ("т.е.", "e.g."), after a common abbreviation ("см.", "рис.",
 * "ул.", "проф.", "тыс.", "руб."...), or after a list item's number at a line's start ("1. Введение"). Numbers like
 * "3.14" never end one (no space follows the dot). The price is that a sentence which really ends with such an
 * abbreviation ("...и т. д. Потом") runs on into the next: two sentences kept together, which costs nothing here.
 */
final class Sentences {

    private static final Set<String> ABBREVIATIONS = Set.of(
            "г", "гг", "в", "вв", "см", "ср", "стр", "рис", "табл", "илл", "прим", "им", "ул", "пр", "просп", "пер",
            "пл", "наб", "кв", "корп", "обл", "р-н", "руб", "коп", "долл", "тыс", "млн", "млрд", "трлн", "проф",
            "акад", "доц", "канд", "д-р", "ген", "полк", "св", "гл", "разд", "п", "пп", "ст", "ч", "мин", "сек",
            "ок", "др", "тов", "гос", "англ", "нем", "франц", "лат", "греч", "рус", "напр", "т", "ред", "изд",
            "сост", "сб", "вып", "кн", "н", "э", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs",
            "etc", "fig", "vol", "p", "pp", "inc", "ltd", "co", "approx", "cf");

    private Sentences() {
    }

    /** The sentences of text[from, to) as [start, end) pairs, whitespace trimmed, in order; none for blank text. */
    static List<int[]> of(String text, int from, int to) {
        List<int[]> sentences = new ArrayList<>();
        int start = skipSpace(text, from, to);
        int i = start;
        while (i < to) {
            char c = text.charAt(i);
            if (!isTerminal(c)) {
                i++;
                continue;
            }
            int end = i + 1;
            while (end < to && isTerminal(text.charAt(end))) {
                end++;
            }
            while (end < to && isClosing(text.charAt(end))) {
                end++;
            }
            int next = skipSpace(text, end, to);
            if (next > end && next < to && startsSentence(text.charAt(next))
                    && !(c == '.' && end == i + 1 && isAbbreviation(text, start, i))) {
                sentences.add(new int[] {start, end});
                start = next;
            }
            i = Math.max(end, i + 1);
        }
        int end = to;
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end > start) {
            sentences.add(new int[] {start, end});
        }
        return sentences;
    }

    /** Whether the full stop at {@code dot} follows an abbreviation, an initial or a list number. */
    private static boolean isAbbreviation(String text, int sentenceStart, int dot) {
        int tokenStart = dot;
        while (tokenStart > sentenceStart && isTokenChar(text.charAt(tokenStart - 1))) {
            tokenStart--;
        }
        String token = text.substring(tokenStart, dot);
        if (token.isEmpty()) {
            return false;
        }
        if (token.chars().allMatch(Character::isDigit)) {
            return lineStartBefore(text, tokenStart);
        }
        return token.codePointCount(0, token.length()) == 1
                || token.indexOf('.') >= 0
                || ABBREVIATIONS.contains(token.toLowerCase(Locale.ROOT));
    }

    private static boolean lineStartBefore(String text, int index) {
        for (int i = index - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == '\n') {
                return true;
            }
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-';
    }

    private static boolean isTerminal(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…';
    }

    private static boolean isClosing(char c) {
        return c == '»' || c == '"' || c == '”' || c == '’' || c == '\'' || c == ')' || c == ']';
    }

    private static boolean startsSentence(char c) {
        return Character.isUpperCase(c) || Character.isDigit(c) || c == '«' || c == '"' || c == '„' || c == '“'
                || c == '(' || c == '[' || c == '—' || c == '–' || c == '-';
    }

    private static int skipSpace(String text, int from, int to) {
        int i = from;
        while (i < to && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
