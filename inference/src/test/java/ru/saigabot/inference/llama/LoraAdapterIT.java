package ru.saigabot.inference.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.InferenceException;
import ru.saigabot.inference.LoraScale;
import ru.saigabot.inference.gguf.TinyLlama;
import ru.saigabot.inference.gguf.TinyLlamaSpec;
import ru.saigabot.inference.gguf.TinyLora;
import ru.saigabot.inference.llama.LlamaSlotLog.PromptEvaluation;

/** A LoRA adapter loaded with the base model and applied per request, on the tiny model and a tiny adapter. */
class LoraAdapterIT {
    private static final TinyLlamaSpec BASE = TinyLlamaSpec.tiny().toBuilder().endOfTextSuppressed(true).build();
    private static final GenerationParams PARAMS = GenerationParams.DEFAULTS.withMaxTokens(24).withSeed(11)
            .withTemperature(0.7);
    private static final List<ChatMessage> QUESTION = List.of(ChatMessage.system("Ты — Сайга."),
            ChatMessage.user("Привет! Как дела?"));

    @Test
    void theAdapterChangesTheAnswerOnlyWhenARequestTurnsItOn(@TempDir Path dir) throws Exception {
        Path model = TinyLlama.write(dir.resolve("tiny.gguf"), BASE).path();
        Path lora = TinyLora.write(dir.resolve("style.gguf"), BASE, TinyLora.Spec.defaults()).path();
        // One slot and no prompt cache: every request evaluates its whole prompt afresh, so the same seed gives the
        // same tokens (llama.cpp b4916 does not guarantee that for a prompt it has partly cached).
        LlamaEngineConfig config = new LlamaEngineConfig(model, 1, 2, 512, "saiga_v2").withPromptCache(false);
        String plain;
        try (LlamaEngine engine = LlamaEngine.load(config)) {
            plain = answer(engine, List.of());
        }
        try (LlamaEngine engine = LlamaEngine.load(config.withAdapters(List.of(new LoraAdapterFile("style", lora))))) {
            assertThat(engine.adapters()).containsExactly("style");
            String base = answer(engine, List.of());
            String styled = answer(engine, List.of(new LoraScale("style", 1.0)));
            String off = answer(engine, List.of(new LoraScale("style", 0)));
            String half = answer(engine, List.of(new LoraScale("style", 0.5)));

            assertThat(base).as("loading the adapter leaves base requests alone").isEqualTo(plain);
            assertThat(styled).isNotEqualTo(base).isEqualTo(answer(engine, List.of(new LoraScale("style", 1.0))));
            assertThat(off).as("scale 0 turns the adapter off").isEqualTo(base);
            assertThat(half).isNotEqualTo(base).isNotEqualTo(styled);

            assertThatThrownBy(() -> answer(engine, List.of(new LoraScale("other", 1.0))))
                    .isInstanceOf(InferenceException.class).hasMessageContaining("'other' is not loaded")
                    .hasMessageContaining("[style]");
        }
    }

    @Test
    void switchingTheAdapterWithinAConversationStartsItsCacheAfresh(@TempDir Path dir) throws Exception {
        Path model = TinyLlama.write(dir.resolve("tiny.gguf"), BASE).path();
        Path lora = TinyLora.write(dir.resolve("style.gguf"), BASE, TinyLora.Spec.defaults()).path();
        Path log = dir.resolve("llama.log");
        List<Integer> cached = new ArrayList<>();
        try (LlamaEngine engine = LlamaEngine.load(new LlamaEngineConfig(model, 2, 2, 1024, "saiga_v2")
                .withAdapters(List.of(new LoraAdapterFile("style", lora))).withNativeLog(log))) {
            List<ChatMessage> messages = new ArrayList<>(QUESTION);
            for (List<LoraScale> loras : List.of(List.<LoraScale>of(), List.of(new LoraScale("style", 1.0)),
                    List.of(new LoraScale("style", 1.0)))) {
                GenerationResult result = engine.submit(new ChatRequest("user:1", messages, PARAMS)
                        .withConversation("chat:1").withLoras(loras), GenerationListener.NONE).result().join();
                cached.add(result.stats().cachedPromptTokens());
                messages.add(ChatMessage.assistant(result.text()));
                messages.add(ChatMessage.user("Расскажи ещё."));
            }
        }
        assertThat(cached.get(1)).as("the base model's cache is of no use to the adapter").isZero();
        assertThat(cached.get(2)).isPositive();
        List<PromptEvaluation> seen = awaitEvaluations(log, 3);
        assertThat(seen.stream().map(PromptEvaluation::reused).toList()).isEqualTo(cached);
    }

    @Test
    void aBrokenOrMismatchedAdapterIsRefusedWithItsReason(@TempDir Path dir) throws Exception {
        Path model = TinyLlama.write(dir.resolve("tiny.gguf"), BASE).path();
        LlamaEngineConfig config = new LlamaEngineConfig(model, 1, 2, 512, "saiga_v2");

        Path good = TinyLora.write(dir.resolve("good.gguf"), BASE, TinyLora.Spec.defaults()).path();
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.gguf"), Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(config, truncated, "truncated.gguf");

        TinyLlamaSpec wider = BASE.toBuilder().embeddingLength(128).feedForwardLength(256).build();
        Path otherModel = TinyLora.write(dir.resolve("other.gguf"), wider, TinyLora.Spec.defaults()).path();
        assertRefused(config, otherModel, "does not fit the base model tiny.gguf");

        assertRefused(config, model, "is not an adapter (general.type = (none))");

        assertRefused(config, dir.resolve("missing.gguf"), "no such file");

        assertThatThrownBy(() -> LlamaEngine.load(config.withAdapters(List.of(new LoraAdapterFile("a", good),
                new LoraAdapterFile("b", good))))).isInstanceOf(InferenceException.class)
                .hasMessageContaining("at most one LoRA adapter");
    }

    private static void assertRefused(LlamaEngineConfig config, Path adapter, String reason) {
        assertThatThrownBy(() -> LlamaEngine.load(config.withAdapters(List.of(new LoraAdapterFile("x", adapter)))))
                .isInstanceOf(InferenceException.class).hasMessageContaining(adapter.toString())
                .hasMessageContaining(reason);
    }

    private static String answer(LlamaEngine engine, List<LoraScale> loras) {
        return engine.submit(new ChatRequest("user:1", QUESTION, PARAMS).withLoras(loras), GenerationListener.NONE)
                .result().join().text();
    }

    private static List<PromptEvaluation> awaitEvaluations(Path log, int count) throws Exception {
        List<PromptEvaluation> seen = LlamaSlotLog.await(log, count, Duration.ofSeconds(10));
        assertThat(seen).hasSize(count);
        return seen;
    }
}
