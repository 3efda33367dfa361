package ru.saigabot.inference.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints {@link BenchSummary}s: one JSON line per scenario for scripts, or a few readable lines for people. */
public final class BenchReport {

    private BenchReport() {
    }

    /** One line of JSON; {@code rssMb} is the process's resident memory at the end of the run. */
    public static String json(String scenario, BenchSummary s, boolean promptCache, long rssMb) {
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
                + ",\"rss_mb\":" + rssMb + "}";
    }

    /** A short human-readable block. */
    public static String text(String scenario, BenchSummary s, boolean promptCache, long rssMb) {
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
                + "           ttft ms   " + array(s.ttftMillisByTurn()) + nl;
    }

    private static String array(List<Double> values) {
        return values.stream().map(BenchReport::num).collect(Collectors.joining(",", "[", "]"));
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
