package ru.saigabot.inference.llama;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import ru.saigabot.inference.SettingRange;
import ru.saigabot.inference.template.ChatTemplates;

/**
 * How to load and serve one GGUF model. Slots, threads and context are checked against their
 * {@link SettingRange}s ({@link ru.saigabot.inference.InvalidSettingException} names the one out of range).
 *
 * @param ctxSize     context of one conversation in tokens; llama.cpp splits its context between the
 *                    slots, so the model is loaded with {@code ctxSize * slots}
 * @param template    a chat template name, or {@link #AUTO_TEMPLATE} to detect it from the file
 * @param promptCache reuse a slot's KV cache for the common start of the next prompt (llama.cpp's
 *                    {@code cache_prompt}); off only to measure what it saves
 * @param adapters    LoRA adapters loaded with the model, which requests may apply by name; at most one with
 *                    java-llama.cpp 4.2.0 (see {@link LlamaEngine#load})
 * @param nativeLog   a file where llama.cpp also writes its own log (per-slot prompt and timing lines, which
 *                    java-llama.cpp does not pass to Java otherwise), or null; it grows with every request, so it is
 *                    for benchmarks and tests, not for a long-running bot
 * @param kvCacheType how every slot's keys and values are stored ({@link KvCacheType})
 * @param cacheReuse  llama.cpp's {@code --cache-reuse}: the shortest run of tokens that a slot's cache may hand to a
 *                    new prompt at another position (shifting it), when what comes before it changed; 0 is off.
 *                    After a long conversation dropped its oldest turns, the turns it kept are still in the slot's
 *                    cache behind the dropped ones: shifted into place, they are not evaluated again, so a drop
 *                    costs only the new turn too (see {@code LongConversationIT}). The kept tokens' keys and values
 *                    were computed while the dropped turns were still there, as with llama.cpp's own context shift.
 * @param running     how many slots generate at once, at most {@code slots}: with fewer, the other slots keep their
 *                    conversations' KV caches while the CPU runs as many answers as it runs well, so more active
 *                    conversations than that find their cache when they come back
 */
public record LlamaEngineConfig(Path model, int slots, int threads, int ctxSize, String template, boolean promptCache,
                                List<LoraAdapterFile> adapters, Path nativeLog, KvCacheType kvCacheType,
                                int cacheReuse, int running) {
    public static final String AUTO_TEMPLATE = "auto";
    /**
     * The shortest run reused by default: a kept turn is longer than this in practice, while a run of 64 tokens that
     * equals the prompt by chance is unlikely (llama.cpp's documentation suggests 256 for contexts of many thousand
     * tokens; at a context of 1,024 a drop keeps runs shorter than that).
     */
    public static final int DEFAULT_CACHE_REUSE = 64;
    /** {@code --cache-reuse}: 0 turns it off. */
    public static final SettingRange CACHE_REUSE = SettingRange.whole("cache reuse", "--cache-reuse", 1, 1 << 20)
            .or(0, "off");

    public LlamaEngineConfig(Path model, int slots, int threads, int ctxSize, String template) {
        this(model, slots, threads, ctxSize, template, true, List.of(), null);
    }

    public LlamaEngineConfig(Path model, int slots, int threads, int ctxSize, String template, boolean promptCache,
                             List<LoraAdapterFile> adapters, Path nativeLog) {
        this(model, slots, threads, ctxSize, template, promptCache, adapters, nativeLog, KvCacheType.F16,
                DEFAULT_CACHE_REUSE, slots);
    }

    public LlamaEngineConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(kvCacheType, "kvCacheType");
        CACHE_REUSE.check(cacheReuse);
        adapters = List.copyOf(adapters);
        if (!template.equals(AUTO_TEMPLATE)) {
            ChatTemplates.byName(template); // refuses an unknown name, listing the valid ones
        }
        SettingRange.SLOTS.check(slots);
        SettingRange.THREADS.check(threads);
        SettingRange.CTX_SIZE.check(ctxSize);
        if (running < 1 || running > slots) {
            throw new IllegalArgumentException("generations at once (" + running + ") must be 1.." + slots
                    + ", the number of slots");
        }
        if (adapters.stream().map(LoraAdapterFile::name).distinct().count() != adapters.size()) {
            throw new IllegalArgumentException("two LoRA adapters share a name: " + adapters);
        }
    }

    public LlamaEngineConfig withPromptCache(boolean value) {
        return new LlamaEngineConfig(model, slots, threads, ctxSize, template, value, adapters, nativeLog,
                kvCacheType, cacheReuse, running);
    }

    public LlamaEngineConfig withAdapters(List<LoraAdapterFile> value) {
        return new LlamaEngineConfig(model, slots, threads, ctxSize, template, promptCache, value, nativeLog,
                kvCacheType, cacheReuse, running);
    }

    public LlamaEngineConfig withNativeLog(Path value) {
        return new LlamaEngineConfig(model, slots, threads, ctxSize, template, promptCache, adapters, value,
                kvCacheType, cacheReuse, running);
    }

    public LlamaEngineConfig withKvCacheType(KvCacheType value) {
        return new LlamaEngineConfig(model, slots, threads, ctxSize, template, promptCache, adapters, nativeLog,
                value, cacheReuse, running);
    }

    /**
     * How far a conversation past its context is cut back when it drops old turns ({@link
     * ru.saigabot.inference.context.ContextBudget#fitKeepingStart}): with chunk reuse a drop costs no evaluation, so
     * the prompt keeps more; by the setting alone, not whether the cache is on, so that a replay without the cache
     * sees the same prompts.
     */
    public double lowWater() {
        return cacheReuse > 0 ? ru.saigabot.inference.context.ContextBudget.LOW_WATER_WITH_CHUNK_REUSE
                : ru.saigabot.inference.context.ContextBudget.LOW_WATER;
    }

    /** {@code slots} llama.cpp slots, {@code running} of them generating at once. */
    public LlamaEngineConfig withSlots(int slots, int running) {
        return new LlamaEngineConfig(model, slots, threads, ctxSize, template, promptCache, adapters, nativeLog,
                kvCacheType, cacheReuse, running);
    }

    public LlamaEngineConfig withCacheReuse(int value) {
        return new LlamaEngineConfig(model, slots, threads, ctxSize, template, promptCache, adapters, nativeLog,
                kvCacheType, value, running);
    }
}
