package ru.saigabot.inference.context;

import ru.saigabot.inference.InferenceException;

/**
 * Even the shortest prompt, the system prompt and the last message alone, does not fit the context. Nothing is cut
 * from a message: the user has to shorten it, or the operator has to give conversations more room.
 */
public final class PromptTooLongException extends InferenceException {

    private final int neededTokens;
    private final int availableTokens;

    PromptTooLongException(int neededTokens, int contextSize, int answerTokens) {
        super("the last message is too long: with the system prompt and the chat format it takes " + neededTokens
                + " tokens, but a prompt may take " + (contextSize - answerTokens) + " (ctx-size " + contextSize
                + " minus " + answerTokens + " kept for the answer); shorten the message, or raise --ctx-size "
                + "(or lower --max-tokens)");
        this.neededTokens = neededTokens;
        this.availableTokens = contextSize - answerTokens;
    }

    /** Tokens of the shortest possible prompt: the system prompt and the last message. */
    public int neededTokens() {
        return neededTokens;
    }

    /** Tokens a prompt may take: the context size minus the answer budget. */
    public int availableTokens() {
        return availableTokens;
    }
}
