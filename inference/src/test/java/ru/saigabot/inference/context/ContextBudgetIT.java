package ru.saigabot.inference.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.gguf.GgufFile;
import ru.saigabot.inference.gguf.GgufMetadata;
import ru.saigabot.inference.gguf.GgufWriter;
import ru.saigabot.inference.gguf.TinyLlama;
import ru.saigabot.inference.gguf.TinyLlamaSpec;
import ru.saigabot.inference.template.ChatTemplate;
import ru.saigabot.inference.template.SaigaV2Template;

/** {@link ContextBudget} with the tiny model's real tokenizer (llama.cpp's SentencePiece over a small vocabulary). */
class ContextBudgetIT {

    private static final ChatTemplate SAIGA = new SaigaV2Template();
    private static final int CONTEXT = 512;
    private static final int ANSWER = 128;

    @TempDir
    static Path dir;
    static GgufFile file;
    static LlamaModel model;

    @BeforeAll
    static void writeAndLoad() throws IOException {
        file = TinyLlama.write(dir.resolve("tiny.gguf"));
        model = load(file.path());
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void promptTokensAreTheModelsOwnCountAndTheFewestTurnsAreDropped() {
        List<ChatMessage> conversation = conversation(30);
        TokenCounter counter = LlamaTokenCounter.forFile(model, file.metadata());

        FittedPrompt fitted = ContextBudget.fit(conversation, SAIGA, counter, CONTEXT, ANSWER);

        assertThat(counter.addsBos()).isFalse();
        assertThat(fitted.droppedTurns()).isPositive();
        assertThat(fitted.promptTokens()).isEqualTo(model.encode(fitted.prompt()).length)
                .isLessThanOrEqualTo(CONTEXT - ANSWER);
        assertThat(fitted.kept().get(0)).isEqualTo(conversation.get(0));
        assertThat(fitted.kept().get(fitted.kept().size() - 1)).isEqualTo(conversation.get(conversation.size() - 1));
        List<ChatMessage> oneTurnMore = new ArrayList<>(fitted.kept());
        oneTurnMore.addAll(1, conversation.subList(1 + 2 * (fitted.droppedTurns() - 1), 1 + 2 * fitted.droppedTurns()));
        assertThat(model.encode(SAIGA.render(oneTurnMore)).length).isGreaterThan(CONTEXT - ANSWER);
    }

    @Test
    void theModelAnswersAFittedPrompt() {
        FittedPrompt fitted = ContextBudget.fit(conversation(30), SAIGA,
                LlamaTokenCounter.forFile(model, file.metadata()), CONTEXT, ANSWER);

        String answer = model.complete(new InferenceParameters(fitted.prompt()).setNPredict(16).setSeed(1)
                .setCachePrompt(false));

        assertThat(answer).isNotEmpty();
    }

    @Test
    void aMessageLongerThanTheContextIsRefusedWithTheRealCount() {
        String longMessage = "Расскажи, пожалуйста, очень подробно, как дела у тебя сегодня. ".repeat(60);
        List<ChatMessage> conversation = List.of(ChatMessage.system("Ты — Сайга."), ChatMessage.user("Привет!"),
                ChatMessage.assistant("Привет!"), ChatMessage.user(longMessage));
        int needed = model.encode(SAIGA.render(List.of(conversation.get(0), conversation.get(3)))).length;

        assertThatThrownBy(() -> ContextBudget.fit(conversation, SAIGA,
                LlamaTokenCounter.forFile(model, file.metadata()), CONTEXT, ANSWER))
                .isInstanceOfSatisfying(PromptTooLongException.class, e -> {
                    assertThat(e.neededTokens()).isEqualTo(needed).isGreaterThan(CONTEXT - ANSWER);
                    assertThat(e.availableTokens()).isEqualTo(CONTEXT - ANSWER);
                })
                .hasMessageContaining("takes " + needed + " tokens, but a prompt may take 384");
    }

    @Test
    void aBosTheTokenizerAddsIsCountedOnceAndNotWritten() throws IOException {
        TinyLlamaSpec spec = TinyLlamaSpec.tiny();
        GgufMetadata metadata = GgufMetadata.builder().putAll(TinyLlama.metadata(spec))
                .putBool("tokenizer.ggml.add_bos_token", true).build();
        GgufFile addsBos = GgufWriter.write(dir.resolve("adds-bos.gguf"), metadata, TinyLlama.tensors(spec));

        try (LlamaModel bosModel = load(addsBos.path())) {
            LlamaTokenCounter counter = LlamaTokenCounter.forFile(bosModel, addsBos.metadata());
            FittedPrompt fitted = ContextBudget.fit(conversation(30), SAIGA, counter, CONTEXT, ANSWER);

            assertThat(counter.addsBos()).isTrue();
            assertThat(fitted.prompt()).startsWith("system\n");
            assertThat(fitted.promptTokens())
                    .isEqualTo(bosModel.encode(fitted.prompt()).length + 1)
                    .isEqualTo(bosModel.encode(SAIGA.render(fitted.kept())).length)
                    .isLessThanOrEqualTo(CONTEXT - ANSWER);
        }
    }

    /** A system prompt, {@code turns} question-answer pairs and a last question, in Russian. */
    private static List<ChatMessage> conversation(int turns) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system("Ты — Сайга, русскоязычный автоматический ассистент. Ты разговариваешь с "
                + "людьми и помогаешь им."));
        for (int i = 1; i <= turns; i++) {
            messages.add(ChatMessage.user("Вопрос номер " + i + ": как дела у тебя сегодня и что нового?"));
            messages.add(ChatMessage.assistant("Ответ " + i + ": спасибо, все хорошо, я модель и помогаю людям."));
        }
        messages.add(ChatMessage.user("Последний вопрос: расскажи пример текста."));
        return messages;
    }

    private static LlamaModel load(Path path) {
        return new LlamaModel(new ModelParameters().setModel(path.toString()).setCtxSize(CONTEXT).setThreads(2));
    }
}
