package ru.saigabot.inference.template;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import ru.saigabot.inference.ChatMessage;

/**
 * "Let llama.cpp render the file's own template" ({@code tokenizer.chat_template}, a Jinja string), for a file whose
 * template is none of the built-in formats.
 *
 * <p>A template is chosen before the model is loaded, so an {@code EmbeddedTemplate} starts unbound and cannot render.
 * The engine, once it has loaded the model, binds it: {@code template.bind(new LlamaTemplateRenderer(model))} (load
 * the model with {@code ModelParameters.enableJinja()}: without it llama.cpp b4916 only knows its built-in formats and
 * silently switches a template it does not recognise to ChatML).
 *
 * <p>BOS: llama.cpp's Jinja rendering removes a leading BOS from its result (to avoid a double BOS), so this template
 * writes none ({@link #bosText()} is empty) and the tokenizer adds it when the file asks for one, as in llama.cpp's
 * own server. Stop strings: none; llama.cpp ends the answer at the vocabulary's end-of-generation tokens.
 */
public final class EmbeddedTemplate implements ChatTemplate {

    static final String NAME = "gguf";

    private final String source;
    private final NativeTemplateRenderer renderer;

    private EmbeddedTemplate(String source, NativeTemplateRenderer renderer) {
        this.source = source;
        this.renderer = renderer;
    }

    /** An unbound template for the Jinja {@code source} of a file, or for "whatever the file has" when null. */
    public static EmbeddedTemplate of(String source) {
        return new EmbeddedTemplate(source, null);
    }

    /** The same template, rendering through {@code renderer} (the loaded model). */
    public EmbeddedTemplate bind(NativeTemplateRenderer renderer) {
        return new EmbeddedTemplate(source, Objects.requireNonNull(renderer, "renderer"));
    }

    public boolean isBound() {
        return renderer != null;
    }

    /** The file's Jinja template, when it was known at detection (not when chosen by name). */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String render(List<ChatMessage> messages) {
        if (renderer == null) {
            throw new IllegalStateException("the gguf chat template is rendered by llama.cpp from the loaded model; "
                    + "bind it first: template.bind(new LlamaTemplateRenderer(model))");
        }
        return renderer.render(messages);
    }

    @Override
    public List<String> stopStrings() {
        return List.of();
    }

    @Override
    public String toString() {
        return "EmbeddedTemplate[" + (source == null ? "from the model file" : source.length() + " chars of Jinja")
                + (isBound() ? ", bound" : ", unbound") + "]";
    }
}
