package ru.saigabot.bot.answer;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.InferenceException;

/**
 * The life of one answer, from its lane to its destination: open the destination, mark the request running and
 * build its prompt, submit it, and once the engine is done (chained, no thread waits for it) show the answer and
 * store it. The final message and the stored answer cannot be made atomic (Telegram has no idempotency key); the
 * window between them is kept to the final call: the answer and its request's end commit right after it.
 */
final class AnswerSession {
    private static final Logger log = LoggerFactory.getLogger(AnswerSession.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Destination destination;
    private final AnswerRecorder recorder;
    private final RunningAnswers running;
    private final GenerationObserver observer;
    private final Executor completions;
    private final Consumer<GenerationJob> retryLater;

    /**
     * @param completions where a generation's end is handled (the final message, the store): not the engine's thread
     * @param retryLater  takes a request whose destination could not be reached, to submit it again later
     */
    AnswerSession(Destination destination, AnswerRecorder recorder, RunningAnswers running,
                  GenerationObserver observer, Executor completions, Consumer<GenerationJob> retryLater) {
        this.destination = destination;
        this.recorder = recorder;
        this.running = running;
        this.observer = observer;
        this.completions = completions;
        this.retryLater = retryLater;
    }

    /** Starts the answer; the future completes once it has ended (delivered, failed, or put aside). */
    CompletableFuture<Void> run(GenerationJob job) {
        AnswerView view;
        try {
            view = destination.open(job);
        } catch (DestinationException e) {
            if (e.gone()) {
                recorder.fail(job, "chat unavailable: " + e.getMessage());
            } else {
                log.warn("answer postponed, destination unreachable: chat_id={} generation_id={} error={}",
                        job.chatId(), job.id(), e.getMessage());
                retryLater.accept(job);
            }
            return DONE;
        }
        try {
            return submit(job, view);
        } catch (RuntimeException e) {
            view.close();
            throw e;
        }
    }

    private CompletableFuture<Void> submit(GenerationJob job, AnswerView view) {
        Optional<ChatRequest> request = recorder.start(job, view.placeholder());
        if (request.isEmpty()) {
            view.close();
            view.withdraw();
            return DONE; // cancelled (/stop), deleted (/forget, retention) or already answered
        }
        RunningAnswers.Running submitted;
        try {
            submitted = running.submit(job, request.get(), view);
        } catch (InferenceException e) {
            // Refused at once (the queue in front of the model is full): tell the user, keep nothing open.
            view.close();
            log.warn("generation refused: chat_id={} generation_id={} error={}", job.chatId(), job.id(),
                    e.getMessage());
            fail(job, view, e);
            return DONE;
        }
        if (submitted == null) {
            view.close();
            view.restarting();
            return DONE;
        }
        CompletableFuture<GenerationResult> result = submitted.generation().result();
        BiFunction<GenerationResult, Throwable, Void> ending = (answer, error) -> {
            end(job, view, request.get(), answer, error);
            return null;
        };
        // Ended already (refused or answered at once): end it on this thread, without a hand-off.
        return result.isDone() ? result.handle(ending) : result.handleAsync(ending, completions);
    }

    private void end(GenerationJob job, AnswerView view, ChatRequest request, GenerationResult result,
                     Throwable error) {
        view.close();
        switch (running.end(job.id())) {
            case FORGOTTEN:
                return; // the user deleted their data meanwhile: nothing to deliver or store
            case RESTART:
                view.restarting();
                return; // left running in the database: resumed on the next start
            default:
                break;
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            log.error("generation failed: chat_id={} generation_id={} error={}", job.chatId(), job.id(),
                    cause.getMessage(), cause);
            fail(job, view, cause);
            return;
        }
        Delivered delivered;
        try {
            delivered = view.deliver(result);
        } catch (RuntimeException e) {
            log.error("answer not shown: chat_id={} generation_id={} error={}", job.chatId(), job.id(),
                    e.getMessage(), e);
            fail(job, view, e);
            return;
        }
        try {
            recorder.finish(job, request, result, delivered);
        } finally {
            view.recorded();
        }
        observer.ended(outcome(result, delivered), result.stats());
        log.info("answer delivered: chat_id={} generation_id={} prompt_tokens={} cached_tokens={} dropped_turns={} "
                        + "tokens={} ttft_ms={} tokens_per_s={}", job.chatId(), job.id(), result.stats().promptTokens(),
                result.stats().cachedPromptTokens(), result.stats().droppedTurns(), result.stats().generatedTokens(),
                result.stats().timeToFirstToken().toMillis(),
                String.format(Locale.ROOT, "%.1f", result.stats().tokensPerSecond()));
    }

    /** Tells the user why there is no answer, and closes the request as failed. */
    private void fail(GenerationJob job, AnswerView view, Throwable error) {
        AnswerFailure failure = AnswerFailure.of(error);
        observer.ended(failure.outcome(), null);
        view.fail(failure);
        recorder.fail(job, String.valueOf(error.getMessage()));
    }

    private static RequestOutcome outcome(GenerationResult result, Delivered delivered) {
        if (result.finishReason() == FinishReason.CANCELLED) {
            return RequestOutcome.STOPPED;
        }
        if (delivered.empty()) {
            return RequestOutcome.EMPTY;
        }
        return result.finishReason() == FinishReason.STOP ? RequestOutcome.COMPLETE : RequestOutcome.CUT;
    }
}
