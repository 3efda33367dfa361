package ru.saigabot.inference.context;

import de.kherud.llama.LlamaModel;
import java.util.Objects;
import ru.saigabot.inference.gguf.GgufMetadata;
import ru.saigabot.inference.template.ChatTemplates;

/**
 * Counts with the loaded model's tokenizer. java-llama.cpp's {@code LlamaModel.encode} tokenizes with special-token
 * parsing on and without adding BOS/EOS ({@code tokenize_mixed(vocab, text, false, true)}), which is exactly
 * {@link TokenCounter#count}; whether the completion adds BOS comes from the file ({@link #forFile}).
 */
public final class LlamaTokenCounter implements TokenCounter {

    private final LlamaModel model;
    private final boolean addsBos;

    public LlamaTokenCounter(LlamaModel model, boolean addsBos) {
        this.model = Objects.requireNonNull(model, "model");
        this.addsBos = addsBos;
    }

    /** A counter for {@code model}, loaded from the file whose header is {@code metadata}. */
    public static LlamaTokenCounter forFile(LlamaModel model, GgufMetadata metadata) {
        return new LlamaTokenCounter(model, ChatTemplates.tokenizerAddsBos(metadata));
    }

    @Override
    public int count(String text) {
        return model.encode(text).length;
    }

    @Override
    public boolean addsBos() {
        return addsBos;
    }
}
