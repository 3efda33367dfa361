package ru.saigabot.inference.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import ru.saigabot.inference.llama.LlamaSlotLog.Totals;

/** Prints {@link BenchSummary}s: one JSON line per scenario for scripts, or a few readable lines for people. */
public final class BenchReport {

    private BenchReport() {
    }

    /**
     * One line of JSON; {@code rssMb} is the process's resident memory at the end of the run, {@code llama} what
     * llama.cpp's own log says about the same requests.
     */
    public static String json(String scenario, BenchSummary s, boolean promptCache, long rssMb, Totals llama) {
        return "{\"scenario\":\"" + scenario + "\",\"prompt_cache\":" + promptCache + ",\"users\":" + s.users()
                + ",\"requests\":" + s.requests() + ",\"wall_s\":" + num(s.wallSeconds())
                + ",\"queue_wait_ms_p50\":" + num(s.queueWaitMillisP50())
                + ",\"queue_wait_ms_p99\":" + num(s.queueWaitMillisP99())
                + ",\"ttft_ms_p50\":" + num(s.ttftMillisP50()) + ",\"ttft_ms_p99\":" + num(s.ttftMillisP99())
                + ",\"decode_tokens_per_s\":" + num(s.decodeTokensPerSecond())
                + ",\"stream_tokens_per_s\":" + array(s.streamTokensPerSecond())
                + ",\"slowest_to_fastest\":" + num(s.slowestToFastest())
                + ",\"prompt_tokens_per_s\":" + num(s.promptTokensPerSecond())
                + ",\"prompt_tokens_by_turn\":" + array(s.promptTokensByTurn())
                + ",\"prompt_tokens_evaluated_by_turn\":" + array(s.evaluatedTokensByTurn())
                + ",\"ttft_ms_by_turn\":" + array(s.ttftMillisByTurn())
                + ",\"llama_requests\":" + llama.requests()
                + ",\"llama_prompt_tokens_evaluated\":" + llama.promptTokensEvaluated()
                + ",\"llama_prompt_tokens_per_s\":" + num(llama.promptTokensPerSecond())
                + ",\"llama_stream_tokens_per_s\":" + num(llama.decodeTokensPerSecond())
                + ",\"rss_mb\":" + rssMb + "}";
    }

    /** A short human-readable block. */
    public static String text(String scenario, BenchSummary s, boolean promptCache, long rssMb, Totals llama) {
        String nl = System.lineSeparator();
        return scenario + " (prompt cache " + (promptCache ? "on" : "off") + "): " + s.users() + " users, "
                + s.requests() + " answers in " + num(s.wallSeconds()) + " s, RSS " + rssMb + " MB" + nl
                + "  queue wait ms      p50 " + num(s.queueWaitMillisP50()) + "  p99 " + num(s.queueWaitMillisP99()) + nl
                + "  first token ms     p50 " + num(s.ttftMillisP50()) + "  p99 " + num(s.ttftMillisP99()) + nl
                + "  decode tokens/s    aggregate " + num(s.decodeTokensPerSecond()) + "  per stream "
                + array(s.streamTokensPerSecond()) + "  slowest/fastest " + num(s.slowestToFastest()) + nl
                + "  prompt tokens/s    " + num(s.promptTokensPerSecond()) + nl
                + "  by turn: prompt    " + array(s.promptTokensByTurn()) + nl
                + "           evaluated " + array(s.evaluatedTokensByTurn()) + nl
                + "           ttft ms   " + array(s.ttftMillisByTurn()) + nl
                + "  llama.cpp's own timings of " + llama.requests() + " requests: prompt "
                + num(llama.promptTokensPerSecond()) + " tokens/s, " + llama.promptTokensEvaluated()
                + " evaluated in total; decode " + num(llama.decodeTokensPerSecond()) + " tokens/s per stream" + nl;
    }

    private static String array(List<Double> values) {
        return values.stream().map(BenchReport::num).collect(Collectors.joining(",", "[", "]"));
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
