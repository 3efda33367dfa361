package ru.saigabot.bot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import static ru.saigabot.bot.bench.ApiStreamBenchmark.PRESET;

/**
 * What {@link ApiStreamBenchmark} measured: the streams it read, the load average as the parts ended, and the
 * three figures of issue #18 with their targets, as a table and as one JSON line.
 */
final class ApiStreamReport {
    private final ApiStreamBenchmark.Settings settings;
    private final String model;
    private final List<StreamFigure> engineText = new ArrayList<>();
    private final List<StreamFigure> apiText = new ArrayList<>();
    private final List<StreamFigure> engineJson = new ArrayList<>();
    private final List<StreamFigure> apiJson = new ArrayList<>();
    private final List<List<StreamFigure>> apiRounds = new ArrayList<>();
    private final List<List<StreamFigure>> engineRounds = new ArrayList<>();
    private final List<String> loads = new ArrayList<>();
    private int sameText;

    ApiStreamReport(ApiStreamBenchmark.Settings settings, String model) {
        this.settings = settings;
        this.model = model;
        noteLoad();
    }

    /** One question answered both ways, one after the other. */
    void single(boolean json, StreamFigure direct, StreamFigure viaApi) {
        (json ? engineJson : engineText).add(direct);
        (json ? apiJson : apiText).add(viaApi);
        sameText += direct.text().equals(viaApi.text()) ? 1 : 0;
    }

    /** One round of streams sent at once, through the API and then straight to the engine. */
    void round(List<StreamFigure> viaApi, List<StreamFigure> direct) {
        apiRounds.add(List.copyOf(viaApi));
        engineRounds.add(List.copyOf(direct));
    }

    void noteLoad() {
        loads.add(loadAverage());
    }

    /** (1): the API's median decode speed of one stream over the engine's. */
    double singleRatio() {
        return median(apiText) / median(engineText);
    }

    /**
     * (1) run by run: each API answer over the engine's answer to the same question just before or after it, the
     * median of those; steadier than {@link #singleRatio} while other work on the machine comes and goes.
     */
    double pairedRatio() {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < apiText.size(); i++) {
            ratios.add(apiText.get(i).decodeTokensPerSecond() / engineText.get(i).decodeTokensPerSecond());
        }
        return medianOf(ratios);
    }

    /** (2): the slowest stream's decode speed over the fastest's, per round. */
    static List<Double> fairness(List<List<StreamFigure>> rounds) {
        return rounds.stream().map(round -> {
            List<Double> speeds = round.stream().map(StreamFigure::decodeTokensPerSecond).sorted().toList();
            return speeds.get(0) / speeds.get(speeds.size() - 1);
        }).toList();
    }

    List<List<StreamFigure>> apiRounds() {
        return apiRounds;
    }

    /** (3): the API's median decode speed with the preset's grammar, and without. */
    double jsonSpeed() {
        return median(apiJson);
    }

    double textSpeed() {
        return median(apiText);
    }

    void print(PrintStream out) throws IOException {
        out.printf(Locale.ROOT, "model %s (shape %s), %d slots, %d threads, ctx %d, max_tokens %d; %d runs after %d "
                        + "warm-up; %d streams at once, %d rounds; load average %s%n", model, settings.shape(),
                settings.slots(), settings.threads(), settings.ctxSize(), settings.maxTokens(), settings.reps(),
                settings.warmups(), settings.streams(), settings.rounds(), String.join(" → ", loads));
        out.printf(Locale.ROOT, "%-34s %5s %7s %10s %8s %8s %13s %14s%n", "decode tokens/s", "runs", "tokens",
                "median", "min", "max", "engine-side", "first text ms");
        row(out, "engine, 1 stream", engineText);
        row(out, "API, 1 stream", apiText);
        row(out, "engine, " + PRESET + " schema", engineJson);
        row(out, "API, " + PRESET + " schema", apiJson);
        row(out, "engine, " + settings.streams() + " at once, " + settings.slots() + " slots", flat(engineRounds));
        row(out, "API, " + settings.streams() + " at once, " + settings.slots() + " slots", flat(apiRounds));
        List<Double> apiFair = fairness(apiRounds);
        List<Double> engineFair = fairness(engineRounds);
        out.printf(Locale.ROOT, "(1) API / engine, one stream: %.3f of the medians, %.3f run by run (target ≥ 0.95); "
                + "same text both ways in %d of %d%n", singleRatio(), pairedRatio(), sameText, 2 * settings.reps());
        out.printf(Locale.ROOT, "(2) slowest / fastest of %d API streams, per round: %s (target ≥ 0.66); engine "
                + "directly: %s%n", settings.streams(), figures(apiFair), figures(engineFair));
        out.printf(Locale.ROOT, "(3) %s schema through the API: %.1f tokens/s against %.1f without (×%.3f), "
                        + "%+.2f ms a token%n", PRESET, jsonSpeed(), textSpeed(), jsonSpeed() / textSpeed(),
                1000 / jsonSpeed() - 1000 / textSpeed());
        out.println(new ObjectMapper().writeValueAsString(json(apiFair, engineFair)));
    }

    private ObjectNode json(List<Double> apiFair, List<Double> engineFair) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode line = mapper.createObjectNode().put("benchmark", "api_streams").put("model", model)
                .put("shape", settings.shape()).put("slots", settings.slots()).put("threads", settings.threads())
                .put("ctx_size", settings.ctxSize()).put("max_tokens", settings.maxTokens())
                .put("runs", settings.reps()).put("load_before", loads.get(0))
                .put("load_after", loads.get(loads.size() - 1));
        line.putObject("single").put("engine_tps", round(median(engineText))).put("api_tps", round(median(apiText)))
                .put("api_engine_side_tps", round(median(apiText, StreamFigure::engineTokensPerSecond)))
                .put("api_over_engine", round(singleRatio())).put("api_over_engine_paired", round(pairedRatio()))
                .put("same_text", sameText);
        ObjectNode concurrent = line.putObject("concurrent").put("streams", settings.streams())
                .put("rounds", settings.rounds()).put("api_tps_median", round(median(flat(apiRounds))))
                .put("engine_tps_median", round(median(flat(engineRounds))));
        apiFair.forEach(concurrent.putArray("api_slowest_over_fastest")::add);
        engineFair.forEach(concurrent.putArray("engine_slowest_over_fastest")::add);
        line.putObject("json_schema").put("preset", PRESET).put("api_text_tps", round(textSpeed()))
                .put("api_json_tps", round(jsonSpeed())).put("engine_text_tps", round(median(engineText)))
                .put("engine_json_tps", round(median(engineJson)))
                .put("api_json_tokens_median", median(apiJson, StreamFigure::tokens))
                .put("api_json_ended_by_grammar", apiJson.stream().filter(f -> "stop".equals(f.finish())).count())
                .put("api_ms_per_token_added", round(1000 / jsonSpeed() - 1000 / textSpeed()));
        return line;
    }

    private static void row(PrintStream out, String name, List<StreamFigure> figures) {
        out.printf(Locale.ROOT, "%-34s %5d %7.0f %10.1f %8.1f %8.1f %13.1f %14.0f%n", name, figures.size(),
                median(figures, StreamFigure::tokens), median(figures), extreme(figures, false),
                extreme(figures, true), median(figures, StreamFigure::engineTokensPerSecond),
                median(figures, StreamFigure::firstTextMillis));
    }

    private static String figures(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList().toString();
    }

    private static List<StreamFigure> flat(Collection<List<StreamFigure>> rounds) {
        return rounds.stream().flatMap(List::stream).toList();
    }

    private static double median(List<StreamFigure> figures) {
        return median(figures, StreamFigure::decodeTokensPerSecond);
    }

    private static double median(List<StreamFigure> figures, ToDoubleFunction<StreamFigure> value) {
        return medianOf(figures.stream().map(value::applyAsDouble).toList());
    }

    private static double medianOf(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double extreme(List<StreamFigure> figures, boolean max) {
        var speeds = figures.stream().mapToDouble(StreamFigure::decodeTokensPerSecond);
        return (max ? speeds.max() : speeds.min()).orElse(0);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** The machine's load average over 1, 5 and 15 minutes, as uptime prints it. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
