package ru.saigabot.bot.web.chat;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import ru.saigabot.bot.answer.AnswerView;
import ru.saigabot.bot.answer.Destination;
import ru.saigabot.bot.generation.GenerationJob;

/**
 * Where the answers of web users go: to the pages that follow them. Unlike an API caller, a page that closes does not
 * take its answer with it: the answer is written and stored, and the page shows it when it comes back.
 */
public final class WebDestination implements Destination {
    private final Map<Long, WebAnswer> answers = new ConcurrentHashMap<>();

    @Override
    public AnswerView open(GenerationJob job) {
        return follow(job.id());
    }

    /** The answer to generation {@code generationId}, from before it opens until it ends. */
    WebAnswer follow(long generationId) {
        return answers.computeIfAbsent(generationId, id -> new WebAnswer(() -> answers.remove(id)));
    }

    /** Lets go of {@code answer}, made by {@link #follow} for a generation that turned out to be over. */
    void discard(long generationId, WebAnswer answer) {
        answers.remove(generationId, answer);
    }

    /** The answer being written for generation {@code generationId}, if one is. */
    Optional<WebAnswer> running(long generationId) {
        return Optional.ofNullable(answers.get(generationId));
    }
}
