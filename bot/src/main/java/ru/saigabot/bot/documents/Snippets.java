package ru.saigabot.bot.documents;

/**
 * Gives a snippet back its original letters. The database cuts snippets from the folded text (lower case, ё as е:
 * see {@link SearchText#fold}), which it matches reliably whatever its locale; folding keeps every character in
 * place, so the fragment is found in the folded passage and the same characters of the original are shown, with the
 * marks where the database put them.
 */
final class Snippets {
    private Snippets() {
    }

    static String restore(String original, String foldedSnippet) {
        if (foldedSnippet == null || foldedSnippet.isBlank()) {
            return "";
        }
        String plain = foldedSnippet.replace(String.valueOf(FoundPassage.MARK_START), "")
                .replace(String.valueOf(FoundPassage.MARK_END), "");
        int at = SearchText.fold(original).indexOf(plain);
        if (at < 0) {
            return oneLine(foldedSnippet); // a character the database folded otherwise: the folded text still reads
        }
        StringBuilder restored = new StringBuilder(foldedSnippet.length());
        int position = at;
        for (int i = 0; i < foldedSnippet.length(); i++) {
            char c = foldedSnippet.charAt(i);
            if (c == FoundPassage.MARK_START || c == FoundPassage.MARK_END) {
                restored.append(c);
            } else {
                restored.append(original.charAt(position++));
            }
        }
        return oneLine(restored.toString());
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
