package ru.saigabot.inference.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Prints {@link ScenarioFigures}: one JSON line per scenario for scripts, or a few readable lines for people. A figure
 * that does not exist in a run (no turn overflowed, no replay without the cache) is {@code null} in JSON, so that
 * every line of a kind has the same fields.
 */
public final class BenchReport {

    private BenchReport() {
    }

    /** One line of JSON with the issues' field names; multi-turn scenarios add the per-turn arrays. */
    public static String json(ScenarioFigures f) {
        BenchSummary s = f.summary();
        EngineSetup setup = f.setup();
        CacheFigures cache = f.cache();
        List<String> fields = new ArrayList<>();
        fields.add(field("scenario", "\"" + f.scenario() + "\""));
        fields.add(field("users", s.users()));
        fields.add(field("turns", f.turns()));
        fields.add(field("slots", setup.slots()));
        fields.add(field("kv_slots", setup.kvSlots()));
        fields.add(field("ctx_size", setup.ctxSize()));
        fields.add(field("kv_cache_type", "\"" + setup.kvCacheType().label() + "\""));
        fields.add(field("cache_reuse", setup.cacheReuse()));
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
        fields.add(field("llama_requests_matched", cache.llamaMatched()));
        fields.add(field("llama_prompt_tokens_evaluated", f.llama().promptTokensEvaluated()));
        fields.add(field("prompt_cache_hit_rate", num3(cache.hitRate())));
        fields.add(field("llama_prompt_cache_hit_rate", num3(cache.llamaHitRate())));
        if (f.turns() > 1) {
            TurnSeries t = f.series();
            fields.add(field("prompt_tokens_by_turn", array(t.promptTokens())));
            fields.add(field("prompt_tokens_new_by_turn", array(t.newTextTokens())));
            fields.add(field("prompt_tokens_evaluated_by_turn", array(t.evaluatedTokens())));
            fields.add(field("llama_prompt_tokens_evaluated_by_turn", array(t.llamaEvaluatedTokens())));
            fields.add(field("dropped_turns_by_turn", array(t.droppedTurns())));
            fields.add(field("ttft_ms_by_turn", array(t.ttftMillis())));
            fields.add(field("prompt_tokens_evaluated_by_turn_nocache",
                    f.nocache().map(n -> array(n.evaluatedTokens())).orElse("null")));
            fields.add(field("ttft_ms_by_turn_nocache", f.nocache().map(n -> array(n.ttftMillis())).orElse("null")));
            fields.add(field("last_turn_ttft_cache_to_nocache",
                    f.lastTurnTtftCacheToNocache().map(BenchReport::num3).orElse("null")));
            OptionalInt overflow = cache.firstOverflowTurn();
            fields.add(field("first_overflow_turn", overflow.isPresent() ? overflow.getAsInt() : "null"));
            fields.add(field("evaluated_to_new", num3(cache.evaluatedToNew())));
            fields.add(field("evaluated_to_new_past_overflow", num3(cache.evaluatedToNewPastOverflow())));
            fields.add(field("ttft_past_overflow_cache_to_nocache", num3(cache.ttftPastOverflowCacheToNocache())));
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
        EngineSetup setup = f.setup();
        CacheFigures cache = f.cache();
        MemoryFigures m = f.memory();
        String nl = System.lineSeparator();
        StringBuilder out = new StringBuilder();
        out.append(f.scenario()).append(": ").append(s.users()).append(" users × ").append(f.turns()).append(" turns on ")
                .append(setup.slots()).append(" slots (").append(setup.kvSlots()).append(" with a KV cache) of ").append(setup.ctxSize()).append(" tokens (KV cache ")
                .append(setup.kvCacheType().label()).append(", cache reuse ").append(setup.cacheReuse()).append("), ")
                .append(s.requests()).append(" answers in ").append(num(s.wallSeconds())).append(" s").append(nl)
                .append("  decode tokens/s    aggregate ").append(num(s.decodeTokensPerSecond())).append("  per stream ")
                .append(array(s.streamTokensPerSecond())).append("  slowest/fastest ").append(num(s.slowestToFastest()))
                .append(nl)
                .append("  llama.cpp's own    ").append(num(f.llama().decodeTokensPerSecond()))
                .append(" tokens/s per stream; ours / llama.cpp's ").append(num3(f.decodeVsLlama())).append(nl)
                .append("  first token ms     p50 ").append(num(s.ttftMillisP50())).append("  p95 ")
                .append(num(s.ttftMillisP95())).append("  queue wait p95 ").append(num(s.queueWaitMillisP95())).append(nl)
                .append("  prompt tokens/s    ").append(num(s.promptTokensPerSecond())).append("  llama.cpp's own ")
                .append(num(f.llama().promptTokensPerSecond())).append(nl)
                .append("  from the cache     ").append(percent(cache.hitRate())).append(" of prompt tokens (llama.cpp's log: ")
                .append(cache.llamaHitRate().isPresent() ? percent(cache.llamaHitRate().getAsDouble()) : "—")
                .append(")").append(nl);
        if (f.turns() > 1) {
            TurnSeries t = f.series();
            out.append("  by turn: prompt    ").append(array(t.promptTokens())).append(nl)
                    .append("           new text  ").append(array(t.newTextTokens())).append(nl)
                    .append("           evaluated ").append(array(t.llamaEvaluatedTokens())).append(" (llama.cpp's log)")
                    .append(nl)
                    .append("           dropped   ").append(array(t.droppedTurns())).append(nl)
                    .append("           ttft ms   ").append(array(t.ttftMillis())).append(nl);
            f.nocache().ifPresent(n -> out.append("  without the cache: evaluated ").append(array(n.evaluatedTokens()))
                    .append(nl).append("           ttft ms   ").append(array(n.ttftMillis())).append(nl));
            out.append("  evaluated / new text, turns 2..").append(f.turns()).append(": ")
                    .append(orDash(cache.evaluatedToNew())).append(nl);
            if (cache.firstOverflowTurn().isPresent()) {
                out.append("  first overflow at turn ").append(cache.firstOverflowTurn().getAsInt())
                        .append("; from there on: evaluated / new text ").append(orDash(cache.evaluatedToNewPastOverflow()))
                        .append(", median ttft cache / no cache ").append(orDash(cache.ttftPastOverflowCacheToNocache()))
                        .append(nl);
            } else {
                out.append("  the conversations never outgrew the context").append(nl);
            }
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

    /** The value with three decimals, or JSON's {@code null} where it does not exist. */
    private static String num3(OptionalDouble value) {
        return value.isPresent() ? num3(value.getAsDouble()) : "null";
    }

    private static String orDash(OptionalDouble value) {
        return value.isPresent() ? num3(value.getAsDouble()) : "—";
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
