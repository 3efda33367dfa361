package ru.saigabot.inference.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints {@link ScenarioFigures}: one JSON line per scenario for scripts, or a few readable lines for people. */
public final class BenchReport {

    private BenchReport() {
    }

    /** One line of JSON with the field names; multi-turn scenarios add the per-turn arrays. */
    public static String json(ScenarioFigures f) {
        BenchSummary s = f.summary();
        List<String> fields = new ArrayList<>();
        fields.add(field("scenario", "\"" + f.scenario() + "\""));
        fields.add(field("users", s.users()));
        fields.add(field("turns", f.turns()));
        fields.add(field("slots", f.slots()));
        fields.add(field("requests", s.requests()));
        fields.add(field("wall_s", num(s.wallSeconds())));
        fields.add(field("decode_tokens_per_s", num(s.decodeTokensPerSecond())));
        fields.add(field("stream_tokens_per_s", array(s.streamTokensPerSecond())));
        fields.add(field("slowest_to_fastest", num(s.slowestToFastest())));
        fields.add(field("llama_decode_tokens_per_s", num(f.llama().decodeTokensPerSecond())));
        fields.add(field("decode_vs_llama", num3(f.decodeVsLlama())));
        fields.add(field("ttft_ms_p50", num(s.ttftMillisP50())));
        fields.add(field("ttft_ms_p95", num(s.ttftMillisP95())));
        fields.add(field("ttft_ms_p99", num(s.ttftMillisP99())));
        fields.add(field("queue_wait_ms_p50", num(s.queueWaitMillisP50())));
        fields.add(field("queue_wait_ms_p95", num(s.queueWaitMillisP95())));
        fields.add(field("prompt_tokens_per_s", num(s.promptTokensPerSecond())));
        fields.add(field("llama_prompt_tokens_per_s", num(f.llama().promptTokensPerSecond())));
        fields.add(field("llama_requests", f.llama().requests()));
        fields.add(field("llama_prompt_tokens_evaluated", f.llama().promptTokensEvaluated()));
        if (f.turns() > 1) {
            fields.add(field("prompt_tokens_by_turn", array(s.promptTokensByTurn())));
            fields.add(field("prompt_tokens_new_by_turn", array(s.newTokensByTurn())));
            fields.add(field("prompt_tokens_evaluated_by_turn", array(s.evaluatedTokensByTurn())));
            fields.add(field("ttft_ms_by_turn", array(s.ttftMillisByTurn())));
            f.nocache().ifPresent(n -> {
                fields.add(field("prompt_tokens_evaluated_by_turn_nocache", array(n.evaluatedTokensByTurn())));
                fields.add(field("ttft_ms_by_turn_nocache", array(n.ttftMillisByTurn())));
            });
            f.lastTurnTtftCacheToNocache().ifPresent(r -> fields.add(field("last_turn_ttft_cache_to_nocache", num3(r))));
        }
        MemoryFigures m = f.memory();
        fields.add(field("rss_mb", m.rssMb()));
        fields.add(field("model_mb", m.modelMb()));
        fields.add(field("kv_cache_mb", m.kvCacheMb()));
        fields.add(field("rss_budget_mb", m.budgetMb()));
        return fields.stream().collect(Collectors.joining(",", "{", "}"));
    }

    /** A short human-readable block. */
    public static String text(ScenarioFigures f) {
        BenchSummary s = f.summary();
        MemoryFigures m = f.memory();
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder();
        out.append(f.scenario()).append(": ").append(s.users()).append(" users × ").append(f.turns()).append(" turns on ")
                .append(f.slots()).append(" slots, ").append(s.requests()).append(" answers in ")
                .append(num(s.wallSeconds())).append(" s").append(nl)
                .append("  decode tokens/s    aggregate ").append(num(s.decodeTokensPerSecond())).append("  per stream ")
                .append(array(s.streamTokensPerSecond())).append("  slowest/fastest ").append(num(s.slowestToFastest()))
                .append(nl)
                .append("  llama.cpp's own    ").append(num(f.llama().decodeTokensPerSecond()))
                .append(" tokens/s per stream; ours / llama.cpp's ").append(num3(f.decodeVsLlama())).append(nl)
                .append("  first token ms     p50 ").append(num(s.ttftMillisP50())).append("  p95 ")
                .append(num(s.ttftMillisP95())).append("  queue wait p95 ").append(num(s.queueWaitMillisP95())).append(nl)
                .append("  prompt tokens/s    ").append(num(s.promptTokensPerSecond())).append(nl);
        if (f.turns() > 1) {
            out.append("  by turn: evaluated ").append(array(s.evaluatedTokensByTurn())).append(" of ")
                    .append(array(s.promptTokensByTurn())).append(nl)
                    .append("           new text  ").append(array(s.newTokensByTurn())).append(nl)
                    .append("           ttft ms   ").append(array(s.ttftMillisByTurn())).append(nl);
            f.nocache().ifPresent(n -> out.append("  without the cache: evaluated ").append(array(n.evaluatedTokensByTurn()))
                    .append(nl).append("           ttft ms   ").append(array(n.ttftMillisByTurn())).append(nl));
            f.lastTurnTtftCacheToNocache().ifPresent(r -> out.append("  last turn's ttft, cache / no cache: ")
                    .append(num3(r)).append(nl));
        }
        out.append("  memory MB          RSS ").append(m.rssMb()).append(" (model ").append(m.modelMb()).append(" + KV ")
                .append(m.kvCacheMb()).append(" + ").append(MemoryFigures.OVERHEAD_MB).append(" = ")
                .append(m.budgetMb()).append(")").append(nl);
        return out.toString();
    }

    private static String field(String name, Object value) {
        return "\"" + name + "\":" + value;
    }

    private static String array(List<Double> values) {
        return values.stream().map(BenchReport::num).collect(Collectors.joining(",", "[", "]"));
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String num3(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
