package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code saiga-bot bench} through picocli, on a random tiny model it writes itself. */
class BenchCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void measuresConversationsWithAndWithoutThePromptCache() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute("bench", "--shape", "tiny", "--slots", "2", "--threads", "2", "--users", "2",
                "--turns", "3", "--tokens", "8", "--ctx-size", "1024", "--json");

        assertThat(code).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode cached = JSON.readTree(lines.get(0));
        JsonNode uncached = JSON.readTree(lines.get(1));
        assertThat(cached.get("scenario").asText()).isEqualTo("users2_turns3");
        assertThat(uncached.get("scenario").asText()).isEqualTo("users2_turns3_nocache");
        assertThat(cached.get("requests").asInt()).isEqualTo(6);
        assertThat(cached.get("stream_tokens_per_s")).hasSize(2);
        assertThat(cached.get("decode_tokens_per_s").asDouble()).isPositive();
        assertThat(cached.get("ttft_ms_p99").asDouble()).isGreaterThanOrEqualTo(cached.get("ttft_ms_p50").asDouble());
        // llama.cpp's own log saw every request and evaluated as many prompt tokens as the engine counted.
        assertThat(cached.get("llama_requests").asInt()).isEqualTo(6);
        double evaluatedTotal = 0;
        for (JsonNode turn : cached.get("prompt_tokens_evaluated_by_turn")) {
            evaluatedTotal += turn.asDouble() * 2;
        }
        assertThat(cached.get("llama_prompt_tokens_evaluated").asDouble()).isEqualTo(evaluatedTotal);
        assertThat(cached.get("llama_stream_tokens_per_s").asDouble()).isPositive();
        // Two users on two slots: from the second turn on, the history comes from the cache.
        JsonNode prompt = cached.get("prompt_tokens_by_turn");
        JsonNode evaluated = cached.get("prompt_tokens_evaluated_by_turn");
        JsonNode evaluatedWithout = uncached.get("prompt_tokens_evaluated_by_turn");
        for (int turn = 1; turn < 3; turn++) {
            assertThat(evaluated.get(turn).asDouble()).as("turn %d", turn + 1)
                    .isLessThanOrEqualTo(prompt.get(turn).asDouble() - prompt.get(turn - 1).asDouble());
            assertThat(evaluatedWithout.get(turn).asDouble()).as("turn %d without cache", turn + 1)
                    .isEqualTo(uncached.get("prompt_tokens_by_turn").get(turn).asDouble());
        }
    }

    @Test
    void refusesAModelAndAShapeTogetherOrNeither() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.newCommandLine();
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute("bench")).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(err.toString()).contains("give either --model PATH or --shape NAME");
        assertThat(commandLine.execute("bench", "--shape", "huge")).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(err.toString()).contains("unknown shape 'huge'");
    }
}
