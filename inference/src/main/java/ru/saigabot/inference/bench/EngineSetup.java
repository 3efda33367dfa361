package ru.saigabot.inference.bench;

import ru.saigabot.inference.llama.KvCacheType;
import ru.saigabot.inference.llama.LlamaEngineConfig;

/** The engine settings a scenario ran with, printed with its figures: the ones a bench run may vary. */
public record EngineSetup(int slots, int ctxSize, KvCacheType kvCacheType, int cacheReuse) {

    public static EngineSetup of(LlamaEngineConfig config) {
        return new EngineSetup(config.slots(), config.ctxSize(), config.kvCacheType(), config.cacheReuse());
    }
}
