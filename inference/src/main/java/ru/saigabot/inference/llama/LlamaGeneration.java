package ru.saigabot.inference.llama;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.GenerationStats;
import ru.saigabot.inference.InferenceException;
import ru.saigabot.inference.context.ContextBudget;
import ru.saigabot.inference.context.FittedPrompt;
import ru.saigabot.inference.context.TokenCounter;
import ru.saigabot.inference.schedule.SlotScheduler;
import ru.saigabot.inference.template.ChatTemplate;
import ru.saigabot.inference.text.TextSanitizer;

/** One request on one slot thread, from prompt to the last token. */
final class LlamaGeneration implements Generation, SlotScheduler.Job {
    private final LlamaModel model;
    private final String modelName;
    private final LlamaEngineConfig config;
    private final ChatTemplate template;
    private final TokenCounter counter;
    private final ChatRequest request;
    private final GenerationListener listener;
    private final Consumer<LlamaGeneration> onEnd;
    private final Consumer<LlamaGeneration> canceller;
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
    private final long submittedNanos = System.nanoTime();
    private volatile boolean cancelled;
    private int droppedTurns;

    LlamaGeneration(LlamaModel model, String modelName, LlamaEngineConfig config, ChatTemplate template,
                    TokenCounter counter, ChatRequest request, GenerationListener listener,
                    Consumer<LlamaGeneration> onEnd, Consumer<LlamaGeneration> canceller) {
        this.model = model;
        this.modelName = modelName;
        this.config = config;
        this.template = template;
        this.counter = counter;
        this.request = request;
        this.listener = listener;
        this.onEnd = onEnd;
        this.canceller = canceller;
    }

    @Override
    public String requester() {
        return request.requesterKey();
    }

    @Override
    public boolean priority() {
        return request.priority();
    }

    @Override
    public void onPosition(int position) {
        listener.onQueued(position);
    }

    @Override
    public void cancelledBeforeStart() {
        long now = System.nanoTime();
        finish("", FinishReason.CANCELLED, 0, 0, now, now);
        onEnd.accept(this);
    }

    @Override
    public CompletableFuture<GenerationResult> result() {
        return result;
    }

    @Override
    public void cancel() {
        cancelled = true;
        // A waiting request leaves the queue and completes at once; a running one stops at its next token.
        canceller.accept(this);
    }

    @Override
    public void run() {
        long startedNanos = System.nanoTime();
        try {
            if (cancelled) {
                finish("", FinishReason.CANCELLED, 0, 0, startedNanos, startedNanos);
                return;
            }
            listener.onStarted();
            generate(startedNanos);
        } catch (RuntimeException e) {
            result.completeExceptionally(e instanceof InferenceException ? e
                    : new InferenceException("generation failed in llama.cpp: " + e.getMessage(), e));
        } finally {
            onEnd.accept(this);
        }
    }

    private void generate(long startedNanos) {
        GenerationParams params = request.params();
        // Leaves room for the whole answer; drops the oldest turns when the conversation does not fit.
        FittedPrompt fitted = ContextBudget.fit(request.messages(), template, counter, config.ctxSize(),
                params.maxTokens());
        droppedTurns = fitted.droppedTurns();
        int promptTokens = fitted.promptTokens();
        int maxTokens = Math.min(params.maxTokens(), config.ctxSize() - promptTokens);
        InferenceParameters inference = new InferenceParameters(fitted.prompt())
                .setNPredict(maxTokens)
                .setTemperature((float) params.temperature())
                .setTopP((float) params.topP())
                .setTopK(params.topK())
                .setMinP((float) params.minP())
                .setRepeatPenalty((float) params.repeatPenalty())
                .setSeed((int) params.seed())
                .setCachePrompt(true)
                .setStopStrings(template.stopStrings().toArray(new String[0]));

        StringBuilder text = new StringBuilder();
        int generated = 0;
        long firstTokenNanos = 0;
        // Cancel from this thread only: java-llama.cpp's cancel drops the task's result queue, so a
        // thread still waiting in receiveCompletion for it would never wake up.
        LlamaIterator tokens = model.generate(inference).iterator();
        while (tokens.hasNext()) {
            if (cancelled) {
                tokens.cancel();
                finish(text.toString(), FinishReason.CANCELLED, promptTokens, generated, startedNanos, firstTokenNanos);
                return;
            }
            LlamaOutput output = tokens.next();
            if (firstTokenNanos == 0) {
                firstTokenNanos = System.nanoTime();
            }
            generated++;
            String piece = TextSanitizer.clean(output.text);
            if (!piece.isEmpty()) {
                String delta = text.length() == 0 ? stripLeadingNewline(piece) : piece;
                text.append(delta);
                if (!delta.isEmpty()) {
                    listener.onText(delta);
                }
            }
        }
        FinishReason reason = generated >= maxTokens ? FinishReason.LENGTH : FinishReason.STOP;
        finish(text.toString(), reason, promptTokens, generated, startedNanos, firstTokenNanos);
    }

    /** Saiga opens the answer with {@code <s>bot} and the model writes the newline itself. */
    private static String stripLeadingNewline(String delta) {
        return delta.startsWith("\n") ? delta.substring(1) : delta;
    }

    private void finish(String text, FinishReason reason, int promptTokens, int generated,
                        long startedNanos, long firstTokenNanos) {
        long now = System.nanoTime();
        GenerationStats stats = new GenerationStats(promptTokens, generated,
                Duration.ofNanos(startedNanos - submittedNanos),
                Duration.ofNanos((firstTokenNanos == 0 ? now : firstTokenNanos) - startedNanos),
                Duration.ofNanos(now - startedNanos), droppedTurns);
        result.complete(new GenerationResult(text, reason, modelName, stats));
    }
}
