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
    void measuresOneUserManyUsersAndConversationsWithAndWithoutThePromptCache() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute("bench", "--shape", "tiny", "--threads", "2", "--users", "2",
                "--turns", "3", "--tokens", "8", "--ctx-size", "1024", "--json");

        assertThat(code).as(err.toString()).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        JsonNode single = JSON.readTree(lines.get(0));
        JsonNode users = JSON.readTree(lines.get(1));
        JsonNode turns = JSON.readTree(lines.get(2));
        assertThat(single.get("scenario").asText()).isEqualTo("single");
        assertThat(users.get("scenario").asText()).isEqualTo("users2");
        assertThat(turns.get("scenario").asText()).isEqualTo("users2_turns3");
        for (JsonNode line : List.of(single, users, turns)) {
            for (String field : List.of("scenario", "users", "decode_tokens_per_s", "ttft_ms_p50", "ttft_ms_p95",
                    "prompt_tokens_per_s", "rss_mb", "slowest_to_fastest", "decode_vs_llama")) {
                assertThat(line.has(field)).as(line.get("scenario") + " has " + field).isTrue();
            }
            assertThat(line.get("decode_tokens_per_s").asDouble()).isPositive();
            assertThat(line.get("ttft_ms_p95").asDouble()).isGreaterThanOrEqualTo(line.get("ttft_ms_p50").asDouble());
            assertThat(line.get("rss_mb").asLong()).isPositive();
            assertThat(line.get("rss_budget_mb").asLong())
                    .isEqualTo(line.get("model_mb").asLong() + line.get("kv_cache_mb").asLong() + 300);
        }
        assertThat(single.get("users").asInt()).isEqualTo(1);
        assertThat(users.get("stream_tokens_per_s")).hasSize(2);
        assertThat(single.has("ttft_ms_by_turn")).as("per-turn arrays belong to the turns scenario").isFalse();

        assertThat(turns.get("requests").asInt()).isEqualTo(6);
        // llama.cpp's own log saw every request and evaluated as many prompt tokens as the engine counted.
        assertThat(turns.get("llama_requests").asInt()).isEqualTo(6);
        double evaluatedTotal = 0;
        for (JsonNode turn : turns.get("prompt_tokens_evaluated_by_turn")) {
            evaluatedTotal += turn.asDouble() * 2;
        }
        assertThat(turns.get("llama_prompt_tokens_evaluated").asDouble()).isEqualTo(evaluatedTotal);
        // Two users on two slots: from the second turn on, only the text added since the last turn is evaluated;
        // replayed without the cache, the whole prompt is.
        JsonNode prompt = turns.get("prompt_tokens_by_turn");
        JsonNode added = turns.get("prompt_tokens_new_by_turn");
        JsonNode evaluated = turns.get("prompt_tokens_evaluated_by_turn");
        JsonNode evaluatedWithout = turns.get("prompt_tokens_evaluated_by_turn_nocache");
        assertThat(turns.get("ttft_ms_by_turn")).hasSize(3);
        assertThat(turns.get("ttft_ms_by_turn_nocache")).hasSize(3);
        for (int turn = 1; turn < 3; turn++) {
            assertThat(added.get(turn).asDouble()).isEqualTo(prompt.get(turn).asDouble() - prompt.get(turn - 1).asDouble());
            assertThat(evaluated.get(turn).asDouble()).as("turn %d", turn + 1).isLessThanOrEqualTo(added.get(turn).asDouble());
            assertThat(evaluatedWithout.get(turn).asDouble()).as("turn %d without cache", turn + 1)
                    .isEqualTo(prompt.get(turn).asDouble());
        }
        assertThat(turns.has("last_turn_ttft_cache_to_nocache")).isTrue();
    }

    @Test
    void scenariosCanBeChosen() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute("bench", "--shape", "tiny", "--threads", "2", "--tokens", "4",
                "--scenarios", "single", "--json")).as(err.toString()).isZero();
        assertThat(out.toString().lines().map(line -> line.substring(0, line.indexOf(',')))).containsExactly(
                "{\"scenario\":\"single\"");
        assertThat(commandLine.execute("bench", "--shape", "tiny", "--scenarios", "single,fast")).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(err.toString()).contains("unknown scenario 'fast'");
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
