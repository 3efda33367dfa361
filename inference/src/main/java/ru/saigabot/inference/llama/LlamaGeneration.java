package ru.saigabot.inference.llama;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.SlotRequests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
import ru.saigabot.inference.LoraScale;
import ru.saigabot.inference.context.ContextBudget;
import ru.saigabot.inference.context.FittedPrompt;
import ru.saigabot.inference.schedule.SlotScheduler;
import ru.saigabot.inference.text.TextSanitizer;

/** One request on one slot thread, from prompt to the last token. */
final class LlamaGeneration implements Generation, SlotScheduler.Job {
    /** Stands for the BOS token llama.cpp puts in front of the prompt; only compared, never sent. */
    private static final int BOS = -1;

    private final EngineParts parts;
    private final ChatRequest request;
    private final GenerationListener listener;
    private final Consumer<LlamaGeneration> onEnd;
    private final Consumer<LlamaGeneration> canceller;
    /** Adapter index to scale, adapters at scale 0 left out: what llama.cpp compares to keep a slot's cache. */
    private final Map<Integer, Float> loraScales;
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
    private final long submittedNanos = System.nanoTime();
    private volatile boolean cancelled;
    /** Set by {@link #prepare} before the job is queued, read on the slot thread after the queue's hand-over. */
    private FittedPrompt fitted;
    private int[] promptIds;
    /** The grammar the answer follows (its JSON schema's), null for free text; made by {@link #prepare}. */
    private String grammar;
    /** Set on the slot thread once llama.cpp has the request (and may have changed the slot's cache). */
    private boolean sentToLlama;

    /** @throws InferenceException when the request names an adapter the model was not loaded with */
    LlamaGeneration(EngineParts parts, ChatRequest request, GenerationListener listener,
                    Consumer<LlamaGeneration> onEnd, Consumer<LlamaGeneration> canceller) {
        this.parts = parts;
        this.request = request;
        this.listener = listener;
        this.onEnd = onEnd;
        this.canceller = canceller;
        this.loraScales = loraScales(request, parts.adapterIds());
    }

    /** The template's end of turn, and the request's own. */
    private String[] stopStrings() {
        List<String> stop = new ArrayList<>(parts.template().stopStrings());
        stop.addAll(request.output().stop());
        return stop.toArray(new String[0]);
    }

    @Override
    public String requester() {
        return request.requesterKey();
    }

    /**
     * Fits the conversation into the context and tokenizes the prompt. False when it cannot (a last message too long
     * for the context): the generation has then failed with the reason and must not be queued.
     */
    boolean prepare() {
        try {
            // Leaves room for the whole answer; drops old turns in a step when the conversation does not fit, and
            // starts where the previous turn's prompt started while it fits, so that the slot's cache holds it.
            fitted = ContextBudget.fitKeepingStart(request.messages(), parts.template(), parts.counter(),
                    parts.config().ctxSize(), request.params().maxTokens(), parts.starts().get(affinityKey()),
                    parts.config().lowWater());
            parts.starts().put(affinityKey(), Optional.ofNullable(fitted.start()));
            promptIds = promptIds(fitted.prompt());
            if (request.output().json()) {
                grammar = parts.grammars().of(request.output().jsonSchema());
            }
            return true;
        } catch (RuntimeException e) {
            result.completeExceptionally(e instanceof InferenceException ? e
                    : new InferenceException("the prompt could not be prepared: " + e.getMessage(), e));
            onEnd.accept(this);
            return false;
        }
    }

    /**
     * How many of this prompt's tokens slot {@code slot}'s cache holds, as llama.cpp will reuse them; 0 unless they
     * are most of what the slot holds. A slot holding another conversation shares only a system prompt with this
     * one: taking it would save those few tokens and throw that conversation's cache away, while an empty slot, or
     * one used longer ago, is there.
     */
    @Override
    public int cachedTokensOn(int slot) {
        if (!parts.config().promptCache()) {
            return 0;
        }
        int reused = parts.ledger().reusable(slot, promptIds, loraScales.toString());
        return reused * 2 >= parts.ledger().held(slot) ? reused : 0;
    }

    /** Without a conversation key, a requester's next request most likely continues their previous one. */
    @Override
    public String affinityKey() {
        return request.conversationKey() != null ? request.conversationKey() : "requester:" + request.requesterKey();
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
        finish("", FinishReason.CANCELLED, 0, 0, 0, now, now);
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
    public void run(int slot) {
        long startedNanos = System.nanoTime();
        try {
            if (cancelled) {
                finish("", FinishReason.CANCELLED, 0, 0, 0, startedNanos, startedNanos);
                return;
            }
            listener.onStarted();
            generate(slot, startedNanos);
        } catch (RuntimeException e) {
            if (sentToLlama) {
                parts.ledger().forget(slot); // llama.cpp may have evaluated part of the prompt: the cache is unknown
            }
            result.completeExceptionally(e instanceof InferenceException ? e
                    : new InferenceException("generation failed in llama.cpp: " + e.getMessage(), e));
        } finally {
            onEnd.accept(this);
        }
    }

    private void generate(int slot, long startedNanos) {
        GenerationParams params = request.params();
        LlamaEngineConfig config = parts.config();
        int promptTokens = promptIds.length;
        String signature = loraScales.toString();
        int cached = config.promptCache() ? parts.ledger().reusable(slot, promptIds, signature) : 0;
        int maxTokens = Math.min(params.maxTokens(), config.ctxSize() - promptTokens);
        InferenceParameters inference = new InferenceParameters(fitted.prompt())
                .setNPredict(maxTokens)
                .setTemperature((float) params.temperature())
                .setTopP((float) params.topP())
                .setTopK(params.topK())
                .setMinP((float) params.minP())
                .setRepeatPenalty((float) params.repeatPenalty())
                .setSeed((int) params.seed())
                .setCachePrompt(config.promptCache())
                .setStopStrings(stopStrings());
        if (grammar != null) {
            inference.setGrammar(grammar);
        }
        // The slot is ours (the scheduler hands each slot to one request at a time), so llama.cpp runs it at once
        // and the ledger knows what that slot's cache holds.
        SlotRequests.onSlot(inference, slot);
        SlotRequests.withLoraScales(inference, loraScales);

        StringBuilder raw = new StringBuilder();
        StringBuilder text = new StringBuilder();
        int generated = 0;
        long firstTokenNanos = 0;
        // Cancel from this thread only: java-llama.cpp's cancel drops the task's result queue, so a
        // thread still waiting in receiveCompletion for it would never wake up.
        sentToLlama = true;
        LlamaIterator tokens = parts.model().generate(inference).iterator();
        FinishReason reason = null;
        while (tokens.hasNext()) {
            if (cancelled) {
                tokens.cancel();
                reason = FinishReason.CANCELLED;
                break;
            }
            LlamaOutput output = tokens.next();
            if (firstTokenNanos == 0) {
                firstTokenNanos = System.nanoTime();
            }
            generated++;
            raw.append(output.text);
            String piece = TextSanitizer.clean(output.text);
            if (!piece.isEmpty()) {
                String delta = text.length() == 0 ? stripLeadingNewline(piece) : piece;
                text.append(delta);
                if (!delta.isEmpty()) {
                    listener.onText(delta);
                }
            }
        }
        // The answer is complete when its last token arrives; what follows is bookkeeping, not generation.
        long lastTokenNanos = System.nanoTime();
        if (reason == null) {
            reason = generated >= maxTokens ? FinishReason.LENGTH : FinishReason.STOP;
        }
        remember(slot, promptIds, raw.toString(), generated, signature);
        finish(text.toString(), reason, promptTokens, cached, generated, startedNanos, firstTokenNanos, lastTokenNanos);
    }

    /** Tells the ledger what the slot's cache holds now. */
    private void remember(int slot, int[] promptIds, String rawAnswer, int generated, String signature) {
        if (!parts.config().promptCache() || generated == 0) {
            // Cancelled while the prompt was evaluated: llama.cpp kept an unknown part of it.
            parts.ledger().forget(slot);
            return;
        }
        parts.ledger().record(slot, promptIds, parts.model().encode(rawAnswer), signature);
    }

    /** The prompt's tokens as llama.cpp's completion tokenizes it: BOS first when the model adds one. */
    private int[] promptIds(String prompt) {
        int[] ids = parts.model().encode(prompt);
        if (!parts.counter().addsBos()) {
            return ids;
        }
        int[] withBos = new int[ids.length + 1];
        withBos[0] = BOS;
        System.arraycopy(ids, 0, withBos, 1, ids.length);
        return withBos;
    }

    private static Map<Integer, Float> loraScales(ChatRequest request, Map<String, Integer> adapterIds) {
        Map<Integer, Float> scales = new TreeMap<>();
        for (LoraScale lora : request.loras()) {
            Integer id = adapterIds.get(lora.adapter());
            if (id == null) {
                throw new InferenceException("LoRA adapter '" + lora.adapter() + "' is not loaded with this model"
                        + (adapterIds.isEmpty() ? " (it has none)" : "; loaded: " + new TreeMap<>(adapterIds).keySet()));
            }
            if (lora.scale() != 0) {
                scales.put(id, (float) lora.scale());
            }
        }
        return scales;
    }

    /**
     * The model as stored with the answer: the base, then each adapter that was on ("saiga+style", or
     * "saiga+style@0.5" at another scale than 1), so answers of base and adapter can be told apart.
     */
    static String modelLabel(String base, ChatRequest request) {
        StringBuilder label = new StringBuilder(base);
        for (LoraScale lora : request.loras()) {
            if (lora.scale() != 0) {
                label.append('+').append(lora.adapter());
                if (lora.scale() != 1) {
                    label.append('@').append(java.math.BigDecimal.valueOf(lora.scale()).stripTrailingZeros()
                            .toPlainString());
                }
            }
        }
        return label.toString();
    }

    /** Saiga opens the answer with {@code <s>bot} and the model writes the newline itself. */
    private static String stripLeadingNewline(String delta) {
        return delta.startsWith("\n") ? delta.substring(1) : delta;
    }

    private void finish(String text, FinishReason reason, int promptTokens, int cachedTokens, int generated,
                        long startedNanos, long firstTokenNanos) {
        finish(text, reason, promptTokens, cachedTokens, generated, startedNanos, firstTokenNanos, System.nanoTime());
    }

    private void finish(String text, FinishReason reason, int promptTokens, int cachedTokens, int generated,
                        long startedNanos, long firstTokenNanos, long now) {
        GenerationStats stats = new GenerationStats(promptTokens, cachedTokens, generated,
                Duration.ofNanos(startedNanos - submittedNanos),
                Duration.ofNanos((firstTokenNanos == 0 ? now : firstTokenNanos) - startedNanos),
                Duration.ofNanos(now - startedNanos), fitted == null ? 0 : fitted.droppedTurns());
        result.complete(new GenerationResult(text, reason, modelLabel(parts.modelName(), request), stats));
    }
}
