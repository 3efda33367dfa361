package ru.saigabot.inference.context;

import java.util.List;
import java.util.Objects;
import ru.saigabot.inference.ChatMessage;

/**
 * A conversation cut to fit the context.
 *
 * @param prompt       the text to hand llama.cpp's completion as it is ({@code ChatTemplate.renderForCompletion} of
 *                     {@code kept}: no BOS text when the tokenizer adds BOS itself)
 * @param kept         the messages the prompt was rendered from: the system prompt and the newest whole turns
 * @param droppedTurns how many of the oldest turns (a user message with the answers after it) were left out
 * @param droppedParts how many of the oldest parts of the last message were left out besides (see
 *                     {@link ChatMessage#parts()}); 0 unless every older turn was
 * @param promptTokens the prompt's size in tokens as llama.cpp will see it, BOS included
 * @param start        the first kept turn when turns were dropped, null otherwise: where the conversation's next
 *                     prompt should start too ({@link ContextBudget#fitKeepingStart})
 */
public record FittedPrompt(String prompt, List<ChatMessage> kept, int droppedTurns, int droppedParts,
                           int promptTokens, PromptStart start) {

    public FittedPrompt {
        Objects.requireNonNull(prompt, "prompt");
        kept = List.copyOf(kept);
        if (droppedTurns < 0 || droppedParts < 0 || promptTokens < 0) {
            throw new IllegalArgumentException("droppedTurns, droppedParts and promptTokens cannot be negative");
        }
    }
}
