package ru.saigabot.training.arena;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** Writes a report as {@code report.md}, {@code report.json} and {@code winrates.png}. */
public final class ArenaReportFiles {
    public static final String MARKDOWN = "report.md";
    public static final String JSON = "report.json";
    public static final String CHART = "winrates.png";

    private ArenaReportFiles() {}

    /** Writes the three files into {@code dir} (created if missing); returns the markdown, for the console too. */
    public static String write(ArenaReport report, Path dir) throws IOException {
        Files.createDirectories(dir);
        String markdown = markdown(report);
        Files.writeString(dir.resolve(MARKDOWN), markdown, StandardCharsets.UTF_8);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(JSON).toFile(), report);
        chart(report, dir.resolve(CHART));
        return markdown;
    }

    public static String markdown(ArenaReport report) {
        StringBuilder md = new StringBuilder("# Arena report\n\n");
        md.append(String.format(Locale.ROOT, "%d votes on %d tasks by %d annotators", report.votes(), report.tasks(),
                report.annotators()));
        if (report.excludedVotes() > 0) {
            md.append(String.format(Locale.ROOT, "; %d votes left out (annotators below %s control accuracy)",
                    report.excludedVotes(), ArenaReport.percent(report.settings().minAccuracy())));
        }
        md.append(".\n\n## Wins-ties-losses\n\n");
        for (ArenaReport.Pair pair : report.pairs()) {
            md.append("    ").append(pair.wtl()).append('\n');
        }
        md.append("\n| Pair | W-T-L | Both bad | Win rate (95% CI) | Score | Tasks | Majority | Fleiss' κ "
                + "| \"A\" shown first won |\n|---|---|---|---|---|---|---|---|---|\n");
        for (ArenaReport.Pair pair : report.pairs()) {
            md.append(String.format(Locale.ROOT, "| %s vs %s | %d-%d-%d | %d | %s (%s) | %s | %d | %s | %s | %s of %d |%n",
                    pair.a(), pair.b(), pair.wins(), pair.ties() + pair.bothBad(), pair.losses(), pair.bothBad(),
                    ArenaReport.percent(pair.winRate()), ArenaReport.interval(pair.winRateInterval(), true),
                    ArenaReport.percent(pair.score()), pair.tasks(), ArenaReport.percent(pair.agreement().majorityShare()),
                    number(pair.agreement().fleissKappa()), ArenaReport.percent(pair.positionBias().shownAWinRate()),
                    pair.positionBias().decisive()));
        }
        md.append("\n## Bradley–Terry ratings\n\n| Variant | Rating | 95% CI | Votes |\n|---|---|---|---|\n");
        for (ArenaReport.Rating rating : report.ratings()) {
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %d |%n", rating.variant(), rating.rating(),
                    ArenaReport.interval(rating.interval(), false), rating.votes()));
        }
        ArenaReport.PositionBias bias = report.positionBias();
        md.append(String.format(Locale.ROOT, "%n## Position bias%n%nThe answer shown as \"A\" won %d of %d decisive "
                        + "votes: %s (95%% CI %s).%n", bias.shownAWins(), bias.decisive(),
                ArenaReport.percent(bias.shownAWinRate()), ArenaReport.interval(bias.interval(), true)));
        md.append("\n## Annotators\n\n| Annotator | Votes | Control votes | Control accuracy | Left out |\n"
                + "|---|---|---|---|---|\n");
        for (ArenaReport.Annotator annotator : report.annotatorResults()) {
            md.append(String.format(Locale.ROOT, "| %d | %d | %d | %s | %s |%n", annotator.annotatorId(),
                    annotator.votes(), annotator.controlVotes(), ArenaReport.percent(annotator.accuracy()),
                    annotator.excluded() ? "yes" : "no"));
        }
        md.append("\n## How the figures are computed\n\n");
        for (String line : report.settings().method()) {
            md.append("- ").append(line).append('\n');
        }
        md.append(String.format(Locale.ROOT, "- Bootstrap: %d samples, seed %d; prior %s virtual ties per pair.%n",
                report.settings().bootstrapSamples(), report.settings().bootstrapSeed(), number(report.settings().prior())));
        return md.toString();
    }

    /** Win rate of each pair's first variant, as bars: people look at a chart first. */
    static void chart(ArenaReport report, Path file) throws IOException {
        // XChart draws with AWT; a server has no display.
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = new CategoryChartBuilder().width(900).height(Math.max(420, 180 + 60 * report.pairs().size()))
                .title("Arena: win rate of the first variant (decisive votes)").xAxisTitle("Pair")
                .yAxisTitle("Win rate, %").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setLabelsVisible(true);
        List<String> labels = report.pairs().stream().map(p -> p.a() + " vs " + p.b()).toList();
        List<Double> rates = report.pairs().stream()
                .map(p -> Double.isNaN(p.winRate()) ? 0.0 : Math.round(p.winRate() * 1000) / 10.0).toList();
        if (labels.isEmpty()) {
            labels = List.of("no votes yet");
            rates = List.of(0.0);
        }
        chart.addSeries("win rate", labels, rates);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        if (!Files.isRegularFile(file)) {
            // saveBitmap appends ".png" when the name lacks it; ours has it, so this only guards a surprise.
            throw new IOException("the chart was not written to " + file);
        }
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.3f", value);
    }
}
