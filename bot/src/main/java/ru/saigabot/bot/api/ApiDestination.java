package ru.saigabot.bot.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import ru.saigabot.bot.answer.AnswerView;
import ru.saigabot.bot.answer.Destination;
import ru.saigabot.bot.answer.DestinationException;
import ru.saigabot.bot.generation.GenerationJob;

/**
 * Where the answers of API requests go: to the HTTP handler that waits for each. A request whose handler is gone
 * (its client disconnected, or the bot restarted while it waited) has nobody to answer and is closed as failed.
 */
public final class ApiDestination implements Destination {
    private final Map<Long, ApiExchange> waiting = new ConcurrentHashMap<>();

    /** The handler of generation {@code generationId} waits for its answer; before the request is submitted. */
    void expect(long generationId, ApiExchange exchange) {
        waiting.put(generationId, exchange);
    }

    /** The handler stopped waiting before the answer started. */
    void forget(long generationId) {
        waiting.remove(generationId);
    }

    @Override
    public AnswerView open(GenerationJob job) {
        ApiExchange exchange = waiting.remove(job.id());
        if (exchange != null && exchange.abandoned()) {
            exchange.endWithoutAnswer();
        }
        if (exchange == null || exchange.abandoned()) {
            throw DestinationException.gone("the API client of generation " + job.id() + " is gone", null);
        }
        return exchange;
    }
}
