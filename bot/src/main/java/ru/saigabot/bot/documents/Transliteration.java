package ru.saigabot.bot.documents;

import java.util.Map;

/**
 * A Russian word in Latin letters, the way people spell foreign names in Russian the other way round ("дебиан" for
 * Debian, "хоткей" for hotkey): close enough for trigram similarity to find the Latin word a document has.
 */
final class Transliteration {
    private static final Map<Character, String> LETTERS = Map.ofEntries(
            Map.entry('а', "a"), Map.entry('б', "b"), Map.entry('в', "v"), Map.entry('г', "g"), Map.entry('д', "d"),
            Map.entry('е', "e"), Map.entry('ё', "e"), Map.entry('ж', "zh"), Map.entry('з', "z"), Map.entry('и', "i"),
            Map.entry('й', "y"), Map.entry('к', "k"), Map.entry('л', "l"), Map.entry('м', "m"), Map.entry('н', "n"),
            Map.entry('о', "o"), Map.entry('п', "p"), Map.entry('р', "r"), Map.entry('с', "s"), Map.entry('т', "t"),
            Map.entry('у', "u"), Map.entry('ф', "f"), Map.entry('х', "h"), Map.entry('ц', "ts"), Map.entry('ч', "ch"),
            Map.entry('ш', "sh"), Map.entry('щ', "sch"), Map.entry('ъ', ""), Map.entry('ы', "y"), Map.entry('ь', ""),
            Map.entry('э', "e"), Map.entry('ю', "yu"), Map.entry('я', "ya"));

    private Transliteration() {
    }

    /** {@code word} (lower case) with each Russian letter replaced; other characters stay. */
    static String latin(String word) {
        StringBuilder latin = new StringBuilder(word.length() + 4);
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            String replacement = LETTERS.get(c);
            if (replacement == null) {
                latin.append(c);
            } else {
                latin.append(replacement);
            }
        }
        return latin.toString();
    }
}
