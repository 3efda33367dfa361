package ru.saigabot.inference.context;

/** Counts tokens with a model's own tokenizer, for {@link ContextBudget}. */
@FunctionalInterface
public interface TokenCounter {

    /**
     * The tokens of {@code text} as llama.cpp reads a prompt: control tokens written as text ({@code <s>},
     * {@code <|eot_id|>}) count as one token each, and nothing (no BOS) is added.
     */
    int count(String text);

    /**
     * Whether llama.cpp puts a BOS token in front of a completion prompt for this model (the GGUF's
     * {@code tokenizer.ggml.add_bos_token}); that token is part of the prompt's size too. False unless overridden.
     */
    default boolean addsBos() {
        return false;
    }
}
