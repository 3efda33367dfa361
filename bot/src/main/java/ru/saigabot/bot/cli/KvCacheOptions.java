package ru.saigabot.bot.cli;

import picocli.CommandLine.Option;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.inference.llama.KvCacheType;

/** How a local model keeps conversations' KV caches: the same flags for every command that loads one. */
final class KvCacheOptions {

    @Option(names = "--kv-slots", defaultValue = "${env:SAIGA_KV_SLOTS:-0}",
            description = "Conversations whose KV cache the model keeps, --slots of them generating at once; more "
                    + "than --slots lets more active conversations find their cache when they come back, for "
                    + "ctx-size × kv-slots of cache memory (half with q8_0); 0 = as many as --slots "
                    + "[env SAIGA_KV_SLOTS] (default: ${DEFAULT-VALUE}).")
    int kvSlots;

    @Option(names = "--kv-cache-type", defaultValue = "${env:SAIGA_KV_CACHE_TYPE:-f16}",
            description = "How the model's slots store their context: f16, or q8_0 for about half the memory (twice "
                    + "the slots or context in the same RAM) [env SAIGA_KV_CACHE_TYPE] (default: ${DEFAULT-VALUE}).")
    String kvCacheType;

    /** {@code --kv-cache-type}, refused in one line when unknown. */
    KvCacheType type() {
        try {
            return KvCacheType.parse(kvCacheType == null ? "" : kvCacheType);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--kv-cache-type (SAIGA_KV_CACHE_TYPE): " + e.getMessage());
        }
    }

    int slots() {
        return kvSlots;
    }
}
