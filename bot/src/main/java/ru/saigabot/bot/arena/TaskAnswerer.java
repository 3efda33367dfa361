package ru.saigabot.bot.arena;

import java.util.List;
import java.util.concurrent.CompletionException;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.InferenceException;

/**
 * Answers a prompt with two variants at once: both requests go into the engines' fair queues together, so with
 * two slots (or two models) they are generated side by side.
 */
public final class TaskAnswerer {
    /** The fair queue's requester for `arena tasks generate`: one operator, not a chat user. */
    private static final String REQUESTER = "arena-tasks";

    private final VariantEngines engines;
    private final GenerationParams defaults;
    private final String systemPrompt;

    public TaskAnswerer(VariantEngines engines, GenerationParams defaults, String systemPrompt) {
        this.engines = engines;
        this.defaults = defaults;
        this.systemPrompt = systemPrompt;
    }

    public record Answers(String a, String b) {}

    public String systemPrompt() {
        return systemPrompt;
    }

    /**
     * Both variants' answers to {@code prompt}.
     *
     * @throws InferenceException when the engine refuses or fails a request (the prompt does not fit, ...)
     */
    public Answers answer(String prompt, Variant a, Variant b) {
        Generation first = submit(prompt, a);
        Generation second;
        try {
            second = submit(prompt, b);
        } catch (RuntimeException e) {
            first.cancel();
            throw e;
        }
        return new Answers(text(first), text(second));
    }

    private Generation submit(String prompt, Variant variant) {
        List<ChatMessage> messages = List.of(ChatMessage.system(systemPrompt), ChatMessage.user(prompt));
        return engines.engineFor(variant).submit(new ChatRequest(REQUESTER, messages, variant.apply(defaults))
                .withLoras(engines.lorasFor(variant)), GenerationListener.NONE);
    }

    private static String text(Generation generation) {
        try {
            GenerationResult result = generation.result().join();
            return result.text().strip();
        } catch (CompletionException e) {
            if (e.getCause() instanceof InferenceException inference) {
                throw inference;
            }
            throw e;
        }
    }
}
