package ru.saigabot.training.export;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of one export, as written to {@code stats.json} and the dataset card.
 *
 * @param files       records per file name
 * @param sources     records per format, then per source ({@code button}, {@code reaction}, {@code regenerate},
 *                    {@code edit}, {@code arena}, {@code votes}, {@code api}, {@code extract})
 * @param documents   records whose prompt's question carries passages of the chat's documents, per format
 * @param removed     records each cleaning rule removed, per rule id, then per format
 * @param neutralised records written with a control token string kept as text, per format
 * @param scrubbed    personal data replaced in the source texts, per kind
 * @param firstPrompt the earliest prompt exported, if any
 * @param lastPrompt  the latest prompt exported, if any
 */
public record ExportStats(Map<String, Long> files, Map<String, Map<String, Long>> sources,
                          Map<String, Long> documents, Map<String, Map<String, Long>> removed,
                          Map<String, Long> neutralised, Map<String, Long> scrubbed,
                          Optional<Instant> firstPrompt, Optional<Instant> lastPrompt, Settings settings,
                          List<String> rules) {

    /** The options the export ran with. */
    public record Settings(Optional<Instant> since, Optional<Instant> until, List<String> formats, int valPercent,
                           double minAgreement, int maxPerUser, double maxLengthRatio, String splitRule) {}

    public long records(String fileName) {
        return files.getOrDefault(fileName, 0L);
    }
}
