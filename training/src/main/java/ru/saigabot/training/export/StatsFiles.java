package ru.saigabot.training.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Writes {@code stats.json} and the dataset card {@code dataset.md} from the same figures. */
final class StatsFiles {
    private StatsFiles() {}

    static void write(Path out, ExportStats stats, ObjectMapper json) throws IOException {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("files", stats.files());
        tree.put("sources", stats.sources());
        tree.put("documents", stats.documents());
        tree.put("removed", stats.removed());
        tree.put("neutralised", stats.neutralised());
        tree.put("scrubbed", stats.scrubbed());
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("first_prompt", text(stats.firstPrompt()).orElse(null));
        range.put("last_prompt", text(stats.lastPrompt()).orElse(null));
        tree.put("date_range", range);
        ExportStats.Settings settings = stats.settings();
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("since", text(settings.since()).orElse(null));
        options.put("until", text(settings.until()).orElse(null));
        options.put("formats", settings.formats());
        options.put("val_percent", settings.valPercent());
        options.put("min_agreement", settings.minAgreement());
        options.put("max_per_user", settings.maxPerUser());
        options.put("max_length_ratio", settings.maxLengthRatio());
        tree.put("options", options);
        tree.put("split", settings.splitRule());
        tree.put("rules", stats.rules());
        Files.writeString(out.resolve("stats.json"),
                json.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree) + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(out.resolve("dataset.md"), card(stats), StandardCharsets.UTF_8);
    }

    static String card(ExportStats stats) {
        ExportStats.Settings settings = stats.settings();
        StringBuilder md = new StringBuilder();
        md.append("# Saiga Bot feedback dataset\n\n")
                .append("Conversations with Saiga Bot and the votes (👍/👎) people gave its answers, exported by ")
                .append("`saiga-bot train export`. Roles are `system`, `user` and `assistant`; every record starts ")
                .append("with the system message its conversation used. Personal data is replaced by placeholders ")
                .append("and group members are named \"Участник 1\", \"Участник 2\"…\n\n");
        md.append("## Files\n\n| file | records |\n| --- | ---: |\n");
        stats.files().forEach((file, count) -> md.append("| `").append(file).append("` | ").append(count).append(" |\n"));
        md.append("\n## Sources\n\n| format | source | records |\n| --- | --- | ---: |\n");
        stats.sources().forEach((format, bySource) -> bySource.forEach((source, count) ->
                md.append("| ").append(format).append(" | ").append(source).append(" | ").append(count).append(" |\n")));
        md.append("\nGrounded in the chat's documents:");
        stats.documents().forEach((format, count) -> md.append(' ').append(format).append(' ').append(count)
                .append(','));
        md.setLength(md.length() - 1);
        md.append(". In these records ").append(StatsCollector.DOCUMENTS_RULE).append(".\n");
        md.append("\n## Date range\n\nPrompts from ").append(text(stats.firstPrompt()).orElse("—")).append(" to ")
                .append(text(stats.lastPrompt()).orElse("—")).append(" (filter: since ")
                .append(text(settings.since()).orElse("the beginning")).append(", until ")
                .append(text(settings.until()).orElse("now")).append(").\n");
        md.append("\n## Cleaning\n\nRecords removed by each rule, in the order the rules apply:\n\n| rule | ");
        md.append(String.join(" | ", settings.formats())).append(" |\n| --- |");
        md.append(" ---: |".repeat(settings.formats().size())).append('\n');
        for (DropRule rule : DropRule.values()) {
            md.append("| ").append(rule.description()).append(" |");
            for (String format : settings.formats()) {
                md.append(' ').append(stats.removed().get(rule.id()).get(format)).append(" |");
            }
            md.append('\n');
        }
        md.append("\nOperator exclusions were honoured: ").append(StatsCollector.EXCLUSIONS_RULE).append(".\n");
        md.append("\nKept as text: ").append(StatsCollector.NEUTRALISED_RULE).append(". Records with such a text:");
        stats.neutralised().forEach((format, count) -> md.append(' ').append(format).append(' ').append(count)
                .append(','));
        md.setLength(md.length() - 1);
        md.append(".\n");
        md.append("\nPersonal data replaced in the source texts:");
        stats.scrubbed().forEach((kind, count) -> md.append(' ').append(kind).append(' ').append(count).append(','));
        md.setLength(md.length() - 1);
        md.append(".\n\nSettings: min agreement ").append(settings.minAgreement()).append(", max records per user ")
                .append(settings.maxPerUser() == 0 ? "unlimited" : String.valueOf(settings.maxPerUser()))
                .append(", max DPO length ratio ").append(settings.maxLengthRatio()).append(".\n");
        md.append("\n## Split\n\n").append(settings.valPercent()).append("% of conversations go to validation: ")
                .append(settings.splitRule()).append(". No conversation lands in both files: a validation answer "
                        + "never comes back as history in a training record.\n");
        return md.toString();
    }

    private static Optional<String> text(Optional<Instant> instant) {
        return instant.map(Instant::toString);
    }
}
