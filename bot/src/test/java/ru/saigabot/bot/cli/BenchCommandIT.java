package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
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
        // replayed without the cache, the whole prompt is. Nothing was dropped, so the new text is what the prompt
        // grew by.
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
        assertThat(turns.get("first_overflow_turn").isNull()).isTrue();
        assertThat(turns.get("evaluated_to_new_past_overflow").isNull()).isTrue();
    }

    @Test
    void quickMeasuresSharedSlotsALongConversationAndAGroup() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute("bench", "--shape", "tiny", "--threads", "2", "--quick", "--json");

        assertThat(code).as(err.toString()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(line -> line.get("scenario").asText() + " " + line.get("kv_cache_type").asText())
                .containsExactly("users8_turns4 f16", "long_turns16 f16", "group60 f16");
        for (JsonNode line : lines) {
            String name = line.get("scenario").asText() + " " + line.get("kv_cache_type").asText();
            assertThat(line.get("slots").asInt()).as(name).isEqualTo(4);
            assertThat(line.get("ctx_size").asInt()).as(name).isEqualTo(1024);
            assertThat(line.get("cache_reuse").asInt()).as(name).isEqualTo(ru.saigabot.inference.llama.LlamaEngineConfig.DEFAULT_CACHE_REUSE);
            assertThat(line.get("llama_requests_matched").asInt()).as(name + ": every answer is in llama.cpp's log")
                    .isEqualTo(line.get("requests").asInt());
            int users = line.get("users").asInt();
            JsonNode prompt = line.get("prompt_tokens_by_turn");
            JsonNode added = line.get("prompt_tokens_new_by_turn");
            JsonNode evaluated = line.get("llama_prompt_tokens_evaluated_by_turn");
            JsonNode dropped = line.get("dropped_turns_by_turn");
            double promptTotal = 0;
            int firstDrop = 0;
            for (int turn = 0; turn < line.get("turns").asInt(); turn++) {
                promptTotal += prompt.get(turn).asDouble() * users;
                assertThat(evaluated.get(turn).asDouble()).as(name + " turn %d", turn + 1)
                        .isLessThanOrEqualTo(prompt.get(turn).asDouble());
                assertThat(added.get(turn).asDouble()).as(name + " turn %d", turn + 1).isPositive();
                if (firstDrop == 0 && dropped.get(turn).asDouble() > 0) {
                    firstDrop = turn + 1;
                }
            }
            assertThat(added.get(0).asDouble()).as(name + ": the first turn is all new").isEqualTo(prompt.get(0).asDouble());
            // llama.cpp's hit rate is its evaluated tokens against the prompts (the arrays are rounded to a tenth).
            assertThat(line.get("llama_prompt_cache_hit_rate").asDouble()).as(name).isCloseTo(
                    1 - line.get("llama_prompt_tokens_evaluated").asDouble() / promptTotal, within(0.002));
            assertThat(line.get("prompt_cache_hit_rate").asDouble()).as(name).isBetween(0.0, 1.0);
            assertThat(line.get("evaluated_to_new").asDouble()).as(name).isPositive();
            if (firstDrop == 0) {
                assertThat(line.get("first_overflow_turn").isNull()).as(name).isTrue();
            } else {
                assertThat(line.get("first_overflow_turn").asInt()).as(name).isEqualTo(firstDrop);
            }
            assertThat(line.get("kv_cache_mb").asLong()).as(name).isNotNegative();
        }
        JsonNode shared = lines.get(0);
        assertThat(shared.get("users").asInt()).isEqualTo(8);
        assertThat(shared.get("requests").asInt()).isEqualTo(32);
        assertThat(shared.get("ttft_ms_by_turn_nocache").isNull()).as("--quick replays only long and group").isTrue();
        JsonNode longOne = lines.get(1);
        assertThat(longOne.get("users").asInt()).isEqualTo(1);
        assertThat(longOne.get("first_overflow_turn").isNull()).as("16 turns outgrow 1024 tokens").isFalse();
        assertThat(longOne.get("evaluated_to_new_past_overflow").asDouble()).isPositive();
        assertThat(longOne.get("ttft_past_overflow_cache_to_nocache").asDouble()).isPositive();
        JsonNode nocacheEvaluated = longOne.get("prompt_tokens_evaluated_by_turn_nocache");
        for (int turn = 0; turn < 16; turn++) {
            assertThat(nocacheEvaluated.get(turn).asDouble()).as("turn %d without the cache", turn + 1)
                    .isEqualTo(longOne.get("prompt_tokens_by_turn").get(turn).asDouble());
        }
        JsonNode group = lines.get(2);
        assertThat(group.get("turns").asInt()).as("a question every tenth message").isEqualTo(6);
        assertThat(group.get("requests").asInt()).isEqualTo(6);
        assertThat(err.toString()).contains("bench: 5 runs of 76 answers on 2 model loads")
                .contains("the whole bench should take about ").contains("bench: done in ");
    }

    @Test
    void measuresEachKvCacheTypeOnAModelWhoseHeadsAllowIt() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        // small has heads of 64 values; tiny's 16 cannot be stored as q8_0, which llama.cpp answers with an abort
        assertThat(commandLine.execute("bench", "--shape", "tiny", "--kv-cache-type", "f16,q8_0"))
                .isEqualTo(ExitCodes.USER_ERROR);
        assertThat(err.toString()).contains("saiga-bot: --kv-cache-type q8_0: a q8_0 KV cache needs attention heads "
                + "in multiples of 32 values");

        int code = commandLine.execute("bench", "--shape", "small", "--threads", "2", "--scenarios", "single",
                "--tokens", "4", "--ctx-size", "1024", "--kv-cache-type", "f16,q8_0", "--json");

        assertThat(code).as(err.toString()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(line -> line.get("kv_cache_type").asText()).containsExactly("f16", "q8_0");
        for (JsonNode line : lines) {
            assertThat(line.get("decode_tokens_per_s").asDouble()).isPositive();
            assertThat(line.get("llama_prompt_tokens_per_s").asDouble()).isPositive();
        }
        // 4 slots × 1024 positions × 8 layers × 4 KV heads × 128 values: 2 bytes each, or 34 per 32
        assertThat(lines.get(0).get("kv_cache_mb").asLong()).isEqualTo(32);
        assertThat(lines.get(1).get("kv_cache_mb").asLong()).isEqualTo(17);
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
