package ru.saigabot.inference.bench;

import ru.saigabot.inference.llama.KvCacheType;
import ru.saigabot.inference.llama.LlamaEngineConfig;

/**
 * The engine settings a scenario ran with, printed with its figures: the ones a bench run may vary.
 *
 * @param slots   slots generating at once
 * @param kvSlots slots keeping a conversation's KV cache, at least {@code slots}
 */
public record EngineSetup(int slots, int kvSlots, int ctxSize, KvCacheType kvCacheType, int cacheReuse) {

    public static EngineSetup of(LlamaEngineConfig config) {
        return new EngineSetup(config.running(), config.slots(), config.ctxSize(), config.kvCacheType(),
                config.cacheReuse());
    }
}
