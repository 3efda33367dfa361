package ru.saigabot.inference.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.context.PromptTooLongException;
import ru.saigabot.inference.gguf.TinyLlama;
import ru.saigabot.inference.gguf.TinyLlamaSpec;

/** The engine on a real (tiny) model: template choice, context budgeting, streaming, cancellation. */
class LlamaEngineIT {
    private static final GenerationParams PARAMS = GenerationParams.DEFAULTS.withMaxTokens(32).withSeed(5);

    private static LlamaEngine engine(Path model, String template) {
        return LlamaEngine.load(new LlamaEngineConfig(model, 2, 2, 512, template));
    }

    private static Path tinyModel(Path dir, String chatTemplate) throws Exception {
        return TinyLlama.write(dir.resolve("tiny.gguf"), TinyLlamaSpec.tiny().toBuilder().chatTemplate(chatTemplate)
                .endOfTextSuppressed(true).build()).path();
    }

    @Test
    void streamsAnAnswerInTheDefaultSaigaFormat(@TempDir Path dir) throws Exception {
        try (LlamaEngine engine = engine(tinyModel(dir, null), LlamaEngineConfig.AUTO_TEMPLATE)) {
            List<String> deltas = new ArrayList<>();
            GenerationResult result = engine.submit(new ChatRequest("user:1",
                    List.of(ChatMessage.system("Ты — Сайга."), ChatMessage.user("Привет!")), PARAMS),
                    deltas::add).result().join();
            assertThat(result.text()).isNotBlank().isEqualTo(String.join("", deltas).strip());
            assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(result.stats().promptTokens()).isGreaterThan(5);
            assertThat(result.stats().droppedTurns()).isZero();
        }
    }

    /** A process halted after its stop, or killed, runs no delete-on-exit: nothing may be left for one. */
    @Test
    void leavesNoUnpackedCopyOfTheNativeLibraryBehind(@TempDir Path dir) throws Exception {
        try (LlamaEngine engine = engine(tinyModel(dir, null), "saiga_v2")) {
            assertThat(engine.modelName()).isNotBlank();
            assertThat(Path.of(System.getProperty("de.kherud.llama.tmpdir"))).doesNotExist();
        }
    }

    @Test
    void rendersAnUnknownEmbeddedTemplateThroughLlamaCpp(@TempDir Path dir) throws Exception {
        String jinja = "{% for m in messages %}[{{ m['role'] }}] {{ m['content'] }}\n{% endfor %}"
                + "{% if add_generation_prompt %}[assistant] {% endif %}";
        try (LlamaEngine engine = engine(tinyModel(dir, jinja), LlamaEngineConfig.AUTO_TEMPLATE)) {
            GenerationResult result = engine.submit(new ChatRequest("user:1",
                    List.of(ChatMessage.system("Система"), ChatMessage.user("Привет!")), PARAMS),
                    GenerationListener.NONE).result().join();
            assertThat(result.text()).isNotBlank();
        }
    }

    @Test
    void dropsTheOldestTurnsWholeAndRefusesAMessageThatCannotFit(@TempDir Path dir) throws Exception {
        try (LlamaEngine engine = engine(tinyModel(dir, null), "saiga_v2")) {
            List<ChatMessage> conversation = new ArrayList<>();
            conversation.add(ChatMessage.system("Ты — Сайга."));
            for (int turn = 0; turn < 30; turn++) {
                conversation.add(ChatMessage.user("Вопрос номер " + turn + ": расскажи что-нибудь интересное"));
                conversation.add(ChatMessage.assistant("Ответ номер " + turn + ": вот что-нибудь интересное"));
            }
            conversation.add(ChatMessage.user("Последний вопрос"));
            GenerationResult result = engine.submit(new ChatRequest("user:1", conversation, PARAMS),
                    GenerationListener.NONE).result().join();
            assertThat(result.stats().droppedTurns()).isPositive();
            assertThat(result.stats().promptTokens() + PARAMS.maxTokens()).isLessThanOrEqualTo(512);

            String huge = "слово ".repeat(2000);
            Generation tooLong = engine.submit(new ChatRequest("user:1",
                    List.of(ChatMessage.system("s"), ChatMessage.user(huge)), PARAMS), GenerationListener.NONE);
            assertThatThrownBy(() -> tooLong.result().join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(PromptTooLongException.class)
                    .hasMessageContaining("--ctx-size");
        }
    }

    @Test
    void cancellingStopsAtTheNextTokenAndKeepsTheText(@TempDir Path dir) throws Exception {
        try (LlamaEngine engine = engine(tinyModel(dir, null), LlamaEngineConfig.AUTO_TEMPLATE)) {
            CountDownLatch firstText = new CountDownLatch(1);
            CountDownLatch cancelled = new CountDownLatch(1);
            // The model's thread waits in the listener at its first text until the test has cancelled: the answer
            // is certain to be unfinished then, however fast the model writes its 400 tokens.
            Generation generation = engine.submit(new ChatRequest("user:1", List.of(ChatMessage.user("Привет!")),
                    GenerationParams.DEFAULTS.withMaxTokens(400).withSeed(1)), delta -> {
                        firstText.countDown();
                        awaitQuietly(cancelled);
                    });
            assertThat(firstText.await(30, TimeUnit.SECONDS)).isTrue();
            generation.cancel();
            cancelled.countDown();
            GenerationResult result = generation.result().join();
            assertThat(result.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(result.stats().generatedTokens()).isLessThan(400);
        }
    }

    @Test
    void aWaitingRequestHearsItsPlaceAndLeavesAtOnceWhenCancelled(@TempDir Path dir) throws Exception {
        try (LlamaEngine engine = LlamaEngine.load(new LlamaEngineConfig(tinyModel(dir, null), 1, 2, 1024,
                LlamaEngineConfig.AUTO_TEMPLATE))) {
            CountDownLatch firstText = new CountDownLatch(1);
            CountDownLatch letGo = new CountDownLatch(1);
            // The running answer holds its slot, waiting in the listener at its first text, until the test lets it
            // go: the second request finds the slot taken, however fast the model is.
            Generation running = engine.submit(new ChatRequest("user:a", List.of(ChatMessage.user("Привет!")),
                    GenerationParams.DEFAULTS.withMaxTokens(900).withSeed(1)), delta -> {
                        firstText.countDown();
                        awaitQuietly(letGo);
                    });
            assertThat(firstText.await(30, TimeUnit.SECONDS)).isTrue();
            List<Integer> places = new java.util.concurrent.CopyOnWriteArrayList<>();
            Generation waiting = engine.submit(new ChatRequest("user:b", List.of(ChatMessage.user("А я?")), PARAMS),
                    new GenerationListener() {
                        @Override
                        public void onQueued(int position) {
                            places.add(position);
                        }

                        @Override
                        public void onText(String delta) {}
                    });
            assertThat(places).containsExactly(1);
            waiting.cancel();
            GenerationResult cancelled = waiting.result().get(1, TimeUnit.SECONDS);
            assertThat(cancelled.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(running.result().isDone()).as("the running answer goes on").isFalse();
            running.cancel();
            letGo.countDown();
            assertThat(running.result().join().finishReason()).isEqualTo(FinishReason.CANCELLED);
        }
    }

    /** On the model's thread, as a slow moment of the model: waits for the test, keeping the interrupt. */
    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void refusesAnUnknownTemplateName(@TempDir Path dir) {
        assertThatThrownBy(() -> new LlamaEngineConfig(dir.resolve("m.gguf"), 1, 1, 512, "vicuna"))
                .hasMessageContaining("valid names: saiga_v2, llama3, chatml, mistral, gguf");
    }

    /**
     * Issue #16, as reproduced through the bot: forty {@code </s>} in a message cost 120 prompt tokens fewer than forty
     * {@code </z>}, each having become the end-of-sequence control token. Read as text they cost at least as much.
     */
    @Test
    void controlTokenStringsInAMessageAreReadAsText(@TempDir Path dir) throws Exception {
        try (LlamaEngine engine = engine(tinyModel(dir, null), "saiga_v2")) {
            int control = promptTokens(engine, "</s>".repeat(40));
            int text = promptTokens(engine, "</z>".repeat(40));

            assertThat(control).as("prompt tokens with 40 </s>, against %d with 40 </z>", text)
                    .isGreaterThanOrEqualTo(text);
        }
    }

    private static int promptTokens(LlamaEngine engine, String message) {
        return engine.submit(new ChatRequest("user:1", List.of(ChatMessage.system("Ты — Сайга."),
                ChatMessage.user(message)), PARAMS.withMaxTokens(1)), GenerationListener.NONE)
                .result().join().stats().promptTokens();
    }
}
