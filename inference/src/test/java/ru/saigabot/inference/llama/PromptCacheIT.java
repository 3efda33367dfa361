package ru.saigabot.inference.llama;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.GenerationStats;
import ru.saigabot.inference.gguf.TinyLlama;
import ru.saigabot.inference.gguf.TinyLlamaSpec;
import ru.saigabot.inference.llama.LlamaSlotLog.PromptEvaluation;

/**
 * A conversation's next turn reuses its previous turn's KV cache: llama.cpp evaluates only the new text, also when
 * two conversations take turns on two slots. Checked against llama.cpp's own log of every prompt.
 */
class PromptCacheIT {
    private static final GenerationParams PARAMS = GenerationParams.DEFAULTS.withMaxTokens(16).withSeed(3);
    private static final List<String> QUESTIONS = List.of("Привет! Как дела у тебя сегодня?",
            "Расскажи про погоду в Москве.", "А что ты думаешь о книгах?", "Спасибо, и последний вопрос: который час?");

    @Test
    void eachTurnEvaluatesOnlyTheNewTextOnItsConversationsSlot(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("llama.log");
        List<GenerationStats> stats = new ArrayList<>();
        try (LlamaEngine engine = LlamaEngine.load(config(dir).withNativeLog(log))) {
            stats.addAll(talk(engine, true));
        }
        List<PromptEvaluation> native_ = awaitEvaluations(log, stats.size());
        for (int turn = 1; turn < QUESTIONS.size(); turn++) {
            for (int chat = 0; chat < 2; chat++) {
                int i = turn * 2 + chat;
                GenerationStats now = stats.get(i);
                GenerationStats before = stats.get(i - 2);
                String what = "chat " + chat + ", turn " + (turn + 1);
                // The whole previous prompt comes from the cache; what is evaluated is only the text added since:
                // the previous answer (a real model's answer mostly comes from the cache too, but the tiny model's
                // random tokens do not survive being written into the template and tokenized again) and the question.
                assertThat(now.cachedPromptTokens()).as(what).isGreaterThanOrEqualTo(before.promptTokens());
                assertThat(now.processedPromptTokens()).as(what)
                        .isLessThanOrEqualTo(now.promptTokens() - before.promptTokens());
                // llama.cpp's own numbers agree with the engine's.
                PromptEvaluation seen = native_.get(i);
                assertThat(seen.promptTokens()).as(what).isEqualTo(now.promptTokens());
                assertThat(seen.reused()).as(what).isEqualTo(now.cachedPromptTokens());
                assertThat(seen.evaluated()).as(what).isEqualTo(now.processedPromptTokens());
            }
        }
        // Affinity: each conversation stayed on one slot.
        assertThat(native_.stream().map(PromptEvaluation::slot).toList())
                .containsExactly(0, 1, 0, 1, 0, 1, 0, 1);
    }

    @Test
    void withThePromptCacheOffEveryTurnEvaluatesTheWholeHistory(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("llama.log");
        List<GenerationStats> stats;
        try (LlamaEngine engine = LlamaEngine.load(config(dir).withPromptCache(false).withNativeLog(log))) {
            stats = talk(engine, true);
        }
        List<PromptEvaluation> native_ = awaitEvaluations(log, stats.size());
        for (int i = 0; i < stats.size(); i++) {
            assertThat(stats.get(i).cachedPromptTokens()).isZero();
            assertThat(native_.get(i).reused()).isZero();
            assertThat(native_.get(i).evaluated()).isEqualTo(stats.get(i).promptTokens());
        }
        assertThat(stats.get(stats.size() - 1).processedPromptTokens()).isGreaterThan(100);
    }

    private static LlamaEngineConfig config(Path dir) throws Exception {
        Path model = TinyLlama.write(dir.resolve("tiny.gguf"),
                TinyLlamaSpec.tiny().toBuilder().endOfTextSuppressed(true).build()).path();
        return new LlamaEngineConfig(model, 2, 2, 1024, "saiga_v2");
    }

    @Test
    void withoutConversationKeysARequestersNextTurnStillFindsItsCache(@TempDir Path dir) throws Exception {
        List<GenerationStats> stats;
        // Three slots, so that the slot used longest ago is never the one that served the conversation's last turn.
        LlamaEngineConfig config = config(dir);
        try (LlamaEngine engine = LlamaEngine.load(new LlamaEngineConfig(config.model(), 3, 2, 1024, "saiga_v2"))) {
            stats = talk(engine, false);
        }
        for (int i = 2; i < stats.size(); i++) {
            assertThat(stats.get(i).cachedPromptTokens()).as("request %d", i)
                    .isGreaterThanOrEqualTo(stats.get(i - 2).promptTokens());
        }
    }

    /** Two conversations taking turns, one request at a time; the stats in order. */
    private static List<GenerationStats> talk(LlamaEngine engine, boolean conversationKeys) {
        List<List<ChatMessage>> chats = List.of(new ArrayList<>(List.of(ChatMessage.system("Ты — Сайга."))),
                new ArrayList<>(List.of(ChatMessage.system("Ты — помощник."))));
        List<GenerationStats> stats = new ArrayList<>();
        for (String question : QUESTIONS) {
            for (int chat = 0; chat < 2; chat++) {
                List<ChatMessage> messages = chats.get(chat);
                messages.add(ChatMessage.user(question));
                ChatRequest request = new ChatRequest("user:" + chat, messages, PARAMS);
                GenerationResult result = engine.submit(conversationKeys ? request.withConversation("chat:" + chat)
                        : request, GenerationListener.NONE).result().join();
                messages.add(ChatMessage.assistant(result.text()));
                stats.add(result.stats());
            }
        }
        return stats;
    }

    private static List<PromptEvaluation> awaitEvaluations(Path log, int count) throws Exception {
        List<PromptEvaluation> seen = LlamaSlotLog.await(log, count, Duration.ofSeconds(10));
        assertThat(seen).hasSize(count);
        return seen;
    }
}
