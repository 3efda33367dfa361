package ru.saigabot.inference.template;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import java.io.IOException;
import java.nio.file.Path;
import ru.saigabot.inference.gguf.GgufFile;
import ru.saigabot.inference.gguf.TinyLlama;
import ru.saigabot.inference.gguf.TinyLlamaSpec;

/** Tiny test models with a chosen embedded chat template, and how the tests load them. */
final class TinyModels {

    private TinyModels() {
    }

    static GgufFile withTemplate(Path file, String jinja) throws IOException {
        return TinyLlama.write(file, TinyLlamaSpec.tiny().toBuilder().chatTemplate(jinja).build());
    }

    static LlamaModel load(Path file, boolean jinja) {
        ModelParameters parameters = new ModelParameters().setModel(file.toString()).setCtxSize(512).setThreads(2);
        return new LlamaModel(jinja ? parameters.enableJinja() : parameters);
    }

    /** The model with one of llama.cpp's built-in templates instead of the file's ({@code --chat-template}). */
    static LlamaModel loadWithBuiltIn(Path file, String builtInName) {
        return new LlamaModel(new ModelParameters().setModel(file.toString()).setCtxSize(512).setThreads(2)
                .setChatTemplate(builtInName));
    }
}
