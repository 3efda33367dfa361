package ru.saigabot.training.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import ru.saigabot.training.scrub.PiiKind;
import ru.saigabot.training.scrub.PiiTally;

/** Counts what was written while the records stream out; then freezes into {@link ExportStats}. */
final class StatsCollector {
    private final ExportOptions options;
    private final Map<String, Long> files = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> sources = new LinkedHashMap<>();
    private final Map<String, Long> neutralised = new LinkedHashMap<>();
    private final Map<String, Long> documents = new LinkedHashMap<>();
    private long firstMillis = Long.MAX_VALUE;
    private long lastMillis = Long.MIN_VALUE;

    StatsCollector(ExportOptions options) {
        this.options = options;
        for (ExportFormat format : ExportFormat.values()) {
            if (options.formats().contains(format)) {
                files.put(format.fileName(true), 0L);
                files.put(format.fileName(false), 0L);
                sources.put(format.id(), new TreeMap<>());
                neutralised.put(format.id(), 0L);
                documents.put(format.id(), 0L);
            }
        }
    }

    void written(ExportFormat format, boolean train, String source, boolean controlStrings, boolean grounded,
                 long promptMillis) {
        files.merge(format.fileName(train), 1L, Long::sum);
        if (controlStrings) {
            neutralised.merge(format.id(), 1L, Long::sum);
        }
        if (grounded) {
            documents.merge(format.id(), 1L, Long::sum);
        }
        sources.get(format.id()).merge(source, 1L, Long::sum);
        firstMillis = Math.min(firstMillis, promptMillis);
        lastMillis = Math.max(lastMillis, promptMillis);
    }

    ExportStats freeze(CleaningTally cleaning, PiiTally pii) {
        Map<String, Map<String, Long>> removed = new LinkedHashMap<>();
        List<String> rules = new ArrayList<>();
        for (DropRule rule : DropRule.values()) {
            Map<String, Long> perFormat = new LinkedHashMap<>();
            for (ExportFormat format : ExportFormat.values()) {
                if (options.formats().contains(format)) {
                    perFormat.put(format.id(), cleaning.count(format, rule));
                }
            }
            removed.put(rule.id(), perFormat);
            rules.add(rule.id() + ": " + rule.description());
        }
        rules.add(NEUTRALISED_ID + " (records kept, not removed): " + NEUTRALISED_RULE);
        Map<String, Long> scrubbed = new LinkedHashMap<>();
        for (PiiKind kind : PiiKind.values()) {
            scrubbed.put(kind.name().toLowerCase(java.util.Locale.ROOT), pii.count(kind));
        }
        List<String> formats = new ArrayList<>();
        for (ExportFormat format : ExportFormat.values()) {
            if (options.formats().contains(format)) {
                formats.add(format.id());
            }
        }
        boolean any = firstMillis != Long.MAX_VALUE;
        return new ExportStats(files, sources, documents, removed, neutralised, scrubbed,
                any ? Optional.of(Instant.ofEpochMilli(firstMillis)) : Optional.empty(),
                any ? Optional.of(Instant.ofEpochMilli(lastMillis)) : Optional.empty(),
                new ExportStats.Settings(options.since(), options.until(), formats, options.valPercent(),
                        options.minAgreement(), options.maxPerUser(), options.maxLengthRatio(), SPLIT_RULE), rules);
    }

    static final String DOCUMENTS_RULE = "the prompt's last user turn holds the passages of the chat's documents "
            + "its question was given, as the model saw them: numbered ([1] the most relevant, nearest the "
            + "question), each with its file and page or section, then the instruction to answer from them and "
            + "cite their numbers, then the question; earlier turns are as they were asked";

    static final String EXCLUSIONS_RULE = "answers and conversations an operator excluded from training on the "
            + "dashboard give no records (counted above as excluded); an excluded answer still appears in the history "
            + "of its conversation's later turns, as the model saw it";

    static final String NEUTRALISED_ID = "control_tokens";
    static final String NEUTRALISED_RULE = "control token strings of chat formats (`</s>`, `<|eot_id|>`, `[INST]`…) "
            + "get a zero-width space after their first character, so that a trainer's chat template reads them as "
            + "text, not as control tokens";

    static final String SPLIT_RULE = "unsigned MurmurHash3 x86_32 (seed 0) of the UTF-8 text of the conversation's "
            + "first user message, modulo 100; below 100 - val_percent goes to train, the rest to val, "
            + "so every record of a conversation (and of conversations that open the same way) is on one side; "
            + "arena pairs by the text of their prompt";
}
