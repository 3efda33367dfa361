package ru.saigabot.bot.worker;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.GenerationStats;

/**
 * How requests and results travel through the database between the bot and workers: JSON, durations
 * in milliseconds (no Jackson time module needed), a failure as an error text instead of a result.
 */
public final class WireFormat {
    private final ObjectMapper json;

    /**
     * @param json read with unknown fields ignored: a bot and its workers can be upgraded one after the other once
     *             both are of this version or newer
     */
    public WireFormat(ObjectMapper json) {
        this.json = json.copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /**
     * A result row: the answer and its costs, or {@code error} when the attempt failed for good. A result without
     * {@code stats} (written by a worker of an older version) counts as one that cost nothing.
     */
    public record WireResult(String text, FinishReason finishReason, String model, WireStats stats, String error) {

        static WireResult of(GenerationResult result) {
            GenerationStats stats = result.stats();
            return new WireResult(result.text(), result.finishReason(), result.model(), new WireStats(
                    stats.promptTokens(), stats.cachedPromptTokens(), stats.generatedTokens(),
                    stats.queueWait().toMillis(), stats.timeToFirstToken().toMillis(), stats.total().toMillis(),
                    stats.droppedTurns()), null);
        }

        static WireResult failed(String error) {
            return new WireResult("", FinishReason.STOP, "", null, error);
        }

        @JsonIgnore
        public boolean isFailure() {
            return error != null;
        }

        @JsonIgnore
        public GenerationResult toResult() {
            WireStats cost = stats != null ? stats : new WireStats(0, 0, 0, 0, 0, 0, 0);
            return new GenerationResult(text, finishReason, model, new GenerationStats(cost.promptTokens(),
                    cost.cachedPromptTokens(), cost.generatedTokens(), Duration.ofMillis(cost.queueWaitMillis()),
                    Duration.ofMillis(cost.firstTokenMillis()), Duration.ofMillis(cost.totalMillis()),
                    cost.droppedTurns()));
        }
    }

    /** What an answer cost, durations in milliseconds. */
    public record WireStats(int promptTokens, int cachedPromptTokens, int generatedTokens, long queueWaitMillis,
                            long firstTokenMillis, long totalMillis, int droppedTurns) {}

    public String request(ChatRequest request) {
        return write(request, "request");
    }

    public ChatRequest request(String text) {
        return read(text, ChatRequest.class, "request");
    }

    public String result(GenerationResult result) {
        return write(WireResult.of(result), "result");
    }

    public String failure(String error) {
        return write(WireResult.failed(error), "failure");
    }

    public WireResult result(String text) {
        return read(text, WireResult.class, "result");
    }

    private String write(Object value, String what) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the inference " + what + " as JSON: " + e.getMessage(), e);
        }
    }

    private <T> T read(String text, Class<T> type, String what) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read an inference " + what + " from the database (a worker and "
                    + "the bot of different versions?): " + e.getOriginalMessage(), e);
        }
    }
}
