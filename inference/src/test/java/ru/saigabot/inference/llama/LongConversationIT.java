package ru.saigabot.inference.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.GenerationStats;
import ru.saigabot.inference.InferenceException;
import ru.saigabot.inference.LoraScale;
import ru.saigabot.inference.gguf.TinyLlama;
import ru.saigabot.inference.gguf.TinyLlamaSpec;
import ru.saigabot.inference.gguf.TinyLora;
import ru.saigabot.inference.gguf.TinyVocabulary.AddedToken;
import ru.saigabot.inference.llama.LlamaSlotLog.PromptEvaluation;

/**
 * Issue #20: a conversation much longer than its context keeps the prompt cache. Old turns are dropped in a step, and
 * between two drops each prompt begins with the whole previous one, so llama.cpp takes all of it from the cache and
 * evaluates only the new turn; at a drop, chunk reuse shifts the kept turns into place. For every chat template (the
 * {@code gguf} one too), the q8_0 KV cache and an adapter, checked against llama.cpp's own log of every prompt.
 */
class LongConversationIT {
    private static final String GEMMA_LIKE = "{% for message in messages %}{{ '<start_of_turn>' + ('model' if "
            + "message['role'] == 'assistant' else message['role']) + '\\n' + message['content'] + '<end_of_turn>\\n' }}"
            + "{% endfor %}{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}";
    /** Every template's control tokens, so that each renders with real ones; heads of 32 for the q8_0 cache. */
    private static final TinyLlamaSpec MODEL = TinyLlamaSpec.tiny().toBuilder().endOfTextSuppressed(true)
            .chatTemplate(GEMMA_LIKE).headCount(2).addedTokens(AddedToken.control("<|start_header_id|>",
                    "<|end_header_id|>", "<|eot_id|>", "<|im_start|>", "<|im_end|>", "[INST]", "[/INST]",
                    "<start_of_turn>", "<end_of_turn>")).build();
    private static final GenerationParams PARAMS = GenerationParams.DEFAULTS.withMaxTokens(16).withSeed(5);
    private static final List<String> QUESTIONS = List.of("Привет! Расскажи, пожалуйста, что ты умеешь делать.",
            "Как приготовить борщ, если у меня нет свёклы и капусты?",
            "Объясни простыми словами, что такое квантовая запутанность.",
            "Какие книги Достоевского стоит прочитать первыми и почему?");
    private static final int TURNS = 24;

    @ParameterizedTest(name = "{0}, {1} KV cache, adapter: {2}, chunk reuse: {3}")
    @CsvSource({"saiga_v2, f16, false, 64", "llama3, f16, false, 64", "chatml, f16, false, 64",
            "mistral, f16, false, 64", "gguf, f16, false, 64", "saiga_v2, q8_0, false, 64", "saiga_v2, f16, true, 64",
            "saiga_v2, f16, false, 0", "gguf, q8_0, true, 0"})
    void betweenTwoDropsATurnTakesTheWholePreviousPromptFromTheCache(String template, String kvType, boolean adapter,
                                                                       int reuse, @TempDir Path dir)
            throws Exception {
        Path log = dir.resolve("llama.log");
        LlamaEngineConfig config = config(dir, template, adapter).withNativeLog(log)
                .withKvCacheType(KvCacheType.parse(kvType)).withCacheReuse(reuse);
        List<GenerationStats> stats;
        try (LlamaEngine engine = LlamaEngine.load(config)) {
            stats = talk(engine, adapter ? List.of(new LoraScale("style", 1.0)) : List.of());
        }
        List<PromptEvaluation> seen = LlamaSlotLog.await(log, stats.size(), Duration.ofSeconds(10));
        assertThat(seen).hasSize(TURNS);
        int drops = 0;
        int firstDrop = -1;
        for (int turn = 0; turn < TURNS; turn++) {
            GenerationStats now = stats.get(turn);
            String what = "turn " + (turn + 1);
            assertThat(seen.get(turn).promptTokens()).as(what).isEqualTo(now.promptTokens());
            if (turn == 0) {
                continue;
            }
            GenerationStats before = stats.get(turn - 1);
            if (now.droppedTurns() != before.droppedTurns()) {
                drops++;
                firstDrop = firstDrop < 0 ? turn : firstDrop;
                assertThat(now.droppedTurns()).as(what).isGreaterThan(before.droppedTurns());
                if (reuse > 0) {
                    assertThat(seen.get(turn).reused()).as(what + ": the kept turns shifted into place")
                            .isGreaterThan(now.promptTokens() / 2);
                }
            } else {
                assertThat(seen.get(turn).reused()).as(what + ": the whole previous prompt is cached")
                        .isGreaterThanOrEqualTo(before.promptTokens());
            }
        }
        // 24 turns of about 55 tokens in a context of 512: the first drop near turn 9, then one every two or three
        // turns down to three quarters of the room with chunk reuse, every five or six down to half without
        assertThat(drops).as("drops").isGreaterThan(1).isLessThanOrEqualTo((TURNS - firstDrop + 1) / 2);
        assertThat(stats.get(TURNS - 1).droppedTurns()).isGreaterThan(10);
    }

    /**
     * Two slots of 512 tokens generating together: llama.cpp (b4916) never defragments a cache of fewer than 2,048
     * positions, and with one of 1,024 a request failed with "Input prompt is too big compared to KV size" long
     * before its slot was full. The engine makes the cache at least that large.
     */
    @Test
    void twoSmallSlotsGeneratingTogetherNeverRunOutOfCache(@TempDir Path dir) throws Exception {
        LlamaEngineConfig one = config(dir, "saiga_v2", false);
        try (LlamaEngine engine = LlamaEngine.load(new LlamaEngineConfig(one.model(), 2, 2, 512, "saiga_v2"))) {
            List<java.util.concurrent.CompletableFuture<List<GenerationStats>>> chats = new ArrayList<>();
            for (int chat = 0; chat < 2; chat++) {
                String key = "chat:" + chat;
                chats.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> talk(engine, List.of(), key)));
            }
            for (var chat : chats) {
                assertThat(chat.join()).hasSize(TURNS)
                        .anySatisfy(stats -> assertThat(stats.droppedTurns()).isPositive());
            }
        }
    }

    /** llama.cpp would abort the whole process on it (GGML_ASSERT in llama_context), taking the bot down. */
    @Test
    void aQuantisedCacheIsRefusedForAModelWhoseHeadsAreNotWholeBlocks(@TempDir Path dir) throws Exception {
        Path model = TinyLlama.write(dir.resolve("heads16.gguf"), TinyLlamaSpec.tiny()).path();
        assertThat(catchThrowable(() -> LlamaEngine.load(
                new LlamaEngineConfig(model, 1, 2, 512, "saiga_v2").withKvCacheType(KvCacheType.Q8_0))))
                .isInstanceOf(InferenceException.class)
                .hasMessageContaining("with --kv-cache-type q8_0").hasMessageContaining("16 (keys) and 16 (values)")
                .hasMessageContaining("use f16");
    }

    private static LlamaEngineConfig config(Path dir, String template, boolean adapter) throws Exception {
        Path model = TinyLlama.write(dir.resolve("tiny.gguf"), MODEL).path();
        LlamaEngineConfig config = new LlamaEngineConfig(model, 1, 2, 512,
                template.equals("gguf") ? LlamaEngineConfig.AUTO_TEMPLATE : template);
        if (!adapter) {
            return config;
        }
        Path lora = TinyLora.write(dir.resolve("style.gguf"), MODEL, TinyLora.Spec.defaults()).path();
        return config.withAdapters(List.of(new LoraAdapterFile("style", lora)));
    }

    private static List<GenerationStats> talk(LlamaEngine engine, List<LoraScale> loras) {
        return talk(engine, loras, "chat:1");
    }

    private static List<GenerationStats> talk(LlamaEngine engine, List<LoraScale> loras, String conversation) {
        List<ChatMessage> messages = new ArrayList<>(List.of(ChatMessage.system("Ты — Сайга, помощник.")));
        List<GenerationStats> stats = new ArrayList<>();
        for (int turn = 0; turn < TURNS; turn++) {
            messages.add(ChatMessage.user(QUESTIONS.get(turn % QUESTIONS.size())));
            GenerationResult result = engine.submit(new ChatRequest("user:" + conversation, messages, PARAMS)
                    .withConversation(conversation).withLoras(loras), GenerationListener.NONE).result().join();
            messages.add(ChatMessage.assistant(result.text()));
            stats.add(result.stats());
        }
        return stats;
    }
}
