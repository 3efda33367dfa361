package ru.saigabot.bot.answer;

import ru.saigabot.bot.generation.GenerationJob;

/**
 * Where answers go: a Telegram chat today; an HTTP stream, a web page or a batch of arena tasks are other
 * destinations of the same answers. The lane, the prompt assembler and the answer session do not change with it.
 */
@FunctionalInterface
public interface Destination {

    /**
     * Starts showing the answer to {@code job}; called on the job's lane, before the generation is submitted.
     *
     * @throws DestinationException when there is nobody to show it to, or the destination cannot be reached now
     */
    AnswerView open(GenerationJob job);
}
