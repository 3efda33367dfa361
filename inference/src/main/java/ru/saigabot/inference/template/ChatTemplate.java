package ru.saigabot.inference.template;

import java.util.List;
import ru.saigabot.inference.ChatMessage;

/**
 * Turns a conversation into the prompt text a model was trained on.
 *
 * <h2>BOS: who writes it</h2>
 * llama.cpp's completion tokenizes the prompt with special-token parsing on and {@code add_special = true}, so it
 * puts the model's BOS token in front by itself whenever the GGUF says {@code tokenizer.ggml.add_bos_token = true}
 * (and logs "the final prompt starts with 2 BOS tokens" if the text also starts with one). Some formats write BOS as
 * text ({@code <|begin_of_text|>}, {@code <s>}); {@link #bosText()} says which. The engine hands llama.cpp
 * {@link #renderForCompletion(List, boolean)}, never {@link #render(List)}, so the prompt has exactly one BOS
 * whatever the file says: the template's own when the tokenizer adds none, the tokenizer's otherwise (the two are the
 * same token, so the token sequence is the same either way).
 */
public interface ChatTemplate {

    /** Short name, as chosen on the command line. */
    String name();

    /** The prompt for the whole conversation, ending where the model starts its answer. */
    String render(List<ChatMessage> messages);

    /** Strings that end an answer even when the model does not emit its end-of-sequence token. */
    List<String> stopStrings();

    /**
     * The BOS token exactly as {@link #render(List)} writes it at the very start of every prompt, or {@code ""} when
     * this format leaves BOS to the tokenizer.
     */
    default String bosText() {
        return "";
    }

    /** Whether {@link #render(List)} starts every prompt with the BOS token written as text. */
    default boolean writesBos() {
        return !bosText().isEmpty();
    }

    /**
     * The text to give llama.cpp's completion: {@link #render(List)}, minus its leading BOS text when the tokenizer
     * will put BOS there itself.
     *
     * @param tokenizerAddsBos whether llama.cpp prepends BOS to a completion prompt for this model (see
     *                         {@link ChatTemplates#tokenizerAddsBos})
     */
    default String renderForCompletion(List<ChatMessage> messages, boolean tokenizerAddsBos) {
        String prompt = render(messages);
        if (tokenizerAddsBos && writesBos()) {
            if (!prompt.startsWith(bosText())) {
                throw new IllegalStateException("template " + name() + " promised to start with " + bosText()
                        + " but rendered: " + prompt.substring(0, Math.min(40, prompt.length())));
            }
            return prompt.substring(bosText().length());
        }
        return prompt;
    }

    /**
     * Control tokens this format writes as text. Each must be a single token of the model's vocabulary: a vocabulary
     * without them would read them as ordinary characters, and the model would see a format it was never trained on.
     * Detection uses this to refuse a built-in template that the file's vocabulary cannot express.
     */
    default List<String> controlTokens() {
        return List.of();
    }
}
