package ru.saigabot.inference.llama;

import java.nio.file.Path;
import java.util.Objects;
import ru.saigabot.inference.template.ChatTemplates;

/**
 * How to load and serve one GGUF model.
 *
 * @param ctxSize  context of one conversation in tokens; llama.cpp splits its context between the
 *                 slots, so the model is loaded with {@code ctxSize * slots}
 * @param template a chat template name, or {@link #AUTO_TEMPLATE} to detect it from the file
 */
public record LlamaEngineConfig(Path model, int slots, int threads, int ctxSize, String template) {
    public static final String AUTO_TEMPLATE = "auto";

    public LlamaEngineConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(template, "template");
        if (!template.equals(AUTO_TEMPLATE)) {
            ChatTemplates.byName(template); // refuses an unknown name, listing the valid ones
        }
        if (slots < 1 || slots > 64) {
            throw new IllegalArgumentException("slots = " + slots + " is out of range; allowed: 1..64");
        }
        if (threads < 1 || threads > 512) {
            throw new IllegalArgumentException("threads = " + threads + " is out of range; allowed: 1..512");
        }
        if (ctxSize < 256 || ctxSize > 1_048_576) {
            throw new IllegalArgumentException("ctx-size = " + ctxSize + " is out of range; allowed: 256..1048576");
        }
    }
}
