package ru.saigabot.bot.documents.read;

import java.util.List;

/** A .txt file: decoded (UTF-8, else windows-1251), normalised, one part. */
final class PlainTextReader implements FormatReader {

    @Override
    public Extraction read(byte[] content, ReadLimits limits) throws DocumentRefused {
        String text = TextDecoding.decode(content);
        new TextBudget(limits.maxChars()).spend(text.length());
        String normalized = TextNormalizer.normalize(text);
        return new Extraction(normalized.isEmpty() ? List.of() : List.of(new DocumentPart(null, null, normalized)), 0);
    }
}
