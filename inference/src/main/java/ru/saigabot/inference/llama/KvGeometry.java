package ru.saigabot.inference.llama;

import java.util.Optional;
import ru.saigabot.inference.gguf.GgufMetadata;

/**
 * What a model keeps per position in its KV cache, from its GGUF header; head sizes default to {@code n_embd /
 * n_head}.
 */
public record KvGeometry(long layers, long kvHeads, long keyLength, long valueLength) {

    public static KvGeometry of(GgufMetadata meta) {
        String arch = meta.getString("general.architecture");
        long embd = meta.getLong(arch + ".embedding_length");
        long heads = meta.getLong(arch + ".attention.head_count");
        return new KvGeometry(meta.getLong(arch + ".block_count"),
                meta.findLong(arch + ".attention.head_count_kv").orElse(heads),
                meta.findLong(arch + ".attention.key_length").orElse(embd / heads),
                meta.findLong(arch + ".attention.value_length").orElse(embd / heads));
    }

    /**
     * K and V for every layer and position: {@code positions × n_layer × n_head_kv × (key_length + value_length)}
     * values, stored as {@code type} stores them (2 bytes each in F16, 34 bytes per 32 in Q8_0).
     */
    public long bytes(long positions, KvCacheType type) {
        return type.bytes(positions * layers * kvHeads * (keyLength + valueLength));
    }

    /**
     * Why llama.cpp cannot store this model's cache as {@code type}, if it cannot: a quantised cache stores each head
     * in whole blocks of 32 values, and llama.cpp (b4916) aborts the process when a head is not, instead of refusing.
     */
    public Optional<String> refusal(KvCacheType type) {
        int block = type == KvCacheType.Q8_0 ? 32 : 1;
        if (keyLength % block == 0 && valueLength % block == 0) {
            return Optional.empty();
        }
        return Optional.of("a " + type.label() + " KV cache needs attention heads in multiples of " + block
                + " values, and this model's have " + keyLength + " (keys) and " + valueLength + " (values); use f16");
    }
}
