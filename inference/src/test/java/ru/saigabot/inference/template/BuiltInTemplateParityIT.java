package ru.saigabot.inference.template;

import static org.assertj.core.api.Assertions.assertThat;

import de.kherud.llama.LlamaModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.gguf.TinyLlama;

/**
 * Our templates against llama.cpp b4916's own built-in renderers ({@code --chat-template llama3}...). llama.cpp's
 * built-ins leave BOS to the tokenizer, so they are compared with {@code renderForCompletion(messages, true)}.
 */
class BuiltInTemplateParityIT {

    @TempDir
    static Path dir;
    static Path file;

    /** The model-card conversation, with spaces around two contents to show who trims them. */
    private static final List<ChatMessage> SPACED = List.of(
            ChatMessage.system(SampleConversation.SYSTEM),
            ChatMessage.user(" Как дела? "),
            ChatMessage.assistant("Отлично, а у тебя?\n"),
            ChatMessage.user("Шикарно. Как пройти в библиотеку?"));

    @BeforeAll
    static void writeModel() throws IOException {
        file = TinyLlama.write(dir.resolve("tiny.gguf")).path();
    }

    @Test
    void llama3IsLlamaCppsLlama3() {
        assertSameAsLlamaCpp("llama3", new Llama3Template(), SPACED);
    }

    @Test
    void chatMlIsLlamaCppsChatMl() {
        assertSameAsLlamaCpp("chatml", new ChatMlTemplate(), SPACED);
    }

    @Test
    void mistralWithoutASystemPromptIsLlamaCppsMistralV3Tekken() {
        assertSameAsLlamaCpp("mistral-v3-tekken", new MistralTemplate(), SampleConversation.withoutSystem());
    }

    @Test
    void llamaCppPutsTheSystemPromptInsideTheFirstInstWhereSaigaNemoHasItBefore() {
        try (LlamaModel model = TinyModels.loadWithBuiltIn(file, "mistral-v3-tekken")) {
            assertThat(new LlamaTemplateRenderer(model).render(SampleConversation.fourMessages()))
                    .startsWith("[INST]" + SampleConversation.SYSTEM + "\n\nКак дела?[/INST]");
        }
        assertThat(new MistralTemplate().renderForCompletion(SampleConversation.fourMessages(), true))
                .startsWith(SampleConversation.SYSTEM + "\n\n[INST]Как дела?[/INST]");
    }

    private static void assertSameAsLlamaCpp(String builtInName, ChatTemplate ours, List<ChatMessage> messages) {
        try (LlamaModel model = TinyModels.loadWithBuiltIn(file, builtInName)) {
            assertThat(ours.renderForCompletion(messages, true))
                    .isEqualTo(new LlamaTemplateRenderer(model).render(messages));
        }
    }
}
