package ru.saigabot.inference.template;

import static org.assertj.core.api.Assertions.assertThat;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.gguf.GgufMetadata;
import ru.saigabot.inference.gguf.GgufWriter;
import ru.saigabot.inference.gguf.TinyLlama;
import ru.saigabot.inference.gguf.TinyLlamaSpec;

/**
 * A prompt from {@code renderForCompletion} starts with exactly one BOS in llama.cpp, whatever the file's
 * {@code tokenizer.ggml.add_bos_token} says. llama.cpp logs "the final prompt starts with 2 BOS tokens" when its
 * tokenizer adds BOS to a prompt that already starts with one; that warning is the witness.
 */
class ChatTemplateBosIT {

    private static final String DOUBLE_BOS = "starts with 2 BOS tokens";
    private static final List<ChatMessage> MESSAGES = List.of(ChatMessage.system("Ты — Сайга."),
            ChatMessage.user("Привет!"));

    @TempDir
    Path dir;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @AfterEach
    void restoreLogger() {
        LlamaModel.setLogger(LogFormat.TEXT, null);
    }

    @Test
    void aFileThatAddsBosGetsThePromptWithoutTheTemplatesBos() throws IOException {
        GgufMetadata metadata = write("adds-bos.gguf", true);

        assertThat(ChatTemplates.tokenizerAddsBos(metadata)).isTrue();
        assertThat(doubleBosWarned("adds-bos.gguf", new SaigaV2Template().render(MESSAGES))).isTrue();
        assertThat(doubleBosWarned("adds-bos.gguf", new SaigaV2Template().renderForCompletion(MESSAGES, true)))
                .isFalse();
    }

    @Test
    void withoutTheKeyASentencePieceFileAddsBosAsLlamaCppDefaults() throws IOException {
        GgufMetadata metadata = write("no-key.gguf", null);

        assertThat(ChatTemplates.tokenizerAddsBos(metadata)).isTrue();
        assertThat(doubleBosWarned("no-key.gguf", new SaigaV2Template().render(MESSAGES))).isTrue();
        assertThat(doubleBosWarned("no-key.gguf", new SaigaV2Template().renderForCompletion(MESSAGES, true)))
                .isFalse();
    }

    @Test
    void aFileThatAddsNoBosKeepsTheTemplatesOwn() throws IOException {
        GgufMetadata metadata = write("no-bos.gguf", false);

        assertThat(ChatTemplates.tokenizerAddsBos(metadata)).isFalse();
        assertThat(new SaigaV2Template().renderForCompletion(MESSAGES, false)).startsWith("<s>system\n");
        assertThat(doubleBosWarned("no-bos.gguf", new SaigaV2Template().renderForCompletion(MESSAGES, false)))
                .isFalse();
    }

    /** The tiny model with {@code tokenizer.ggml.add_bos_token} set to {@code addBos}, or without it for null. */
    private GgufMetadata write(String name, Boolean addBos) throws IOException {
        TinyLlamaSpec spec = TinyLlamaSpec.tiny();
        GgufMetadata.Builder metadata = GgufMetadata.builder().putAll(TinyLlama.metadata(spec));
        if (addBos == null) {
            metadata.remove("tokenizer.ggml.add_bos_token");
        } else {
            metadata.putBool("tokenizer.ggml.add_bos_token", addBos);
        }
        return GgufWriter.write(dir.resolve(name), metadata.build(), TinyLlama.tensors(spec)).metadata();
    }

    private boolean doubleBosWarned(String file, String prompt) {
        try (LlamaModel model = new LlamaModel(new ModelParameters().setModel(dir.resolve(file).toString())
                .setCtxSize(512).setThreads(2))) {
            // loading installs llama.cpp's own logger; listen from here on
            LlamaModel.setLogger(LogFormat.TEXT, (level, text) -> log.add(text));
            log.clear();
            model.complete(new InferenceParameters(prompt).setNPredict(1).setCachePrompt(false));
            return log.stream().anyMatch(line -> line.contains(DOUBLE_BOS));
        }
    }
}
