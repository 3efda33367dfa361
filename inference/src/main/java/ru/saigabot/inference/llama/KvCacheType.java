package ru.saigabot.inference.llama;

import de.kherud.llama.args.CacheType;
import java.util.Arrays;
import java.util.Locale;
import ru.saigabot.inference.InferenceException;
import ru.saigabot.inference.gguf.GgufMetadata;

/**
 * How llama.cpp stores the keys and values of every slot's context. {@code q8_0} takes about half the memory of
 * {@code f16} (34 bytes per 32 values instead of 64), so the same memory holds about twice the slots or context;
 * llama.cpp needs flash attention for a quantised V cache, which the engine always turns on.
 */
public enum KvCacheType {
    F16(CacheType.F16, 64),
    Q8_0(CacheType.Q8_0, 34);

    /** Values per block of a quantised type: llama.cpp stores each attention head's keys in whole blocks. */
    private static final int BLOCK = 32;

    private final CacheType nativeType;
    private final int bytesPer32Values;

    KvCacheType(CacheType nativeType, int bytesPer32Values) {
        this.nativeType = nativeType;
        this.bytesPer32Values = bytesPer32Values;
    }

    CacheType nativeType() {
        return nativeType;
    }

    /** The bytes {@code values} cached values take. */
    public long bytes(long values) {
        return values * bytesPer32Values / 32;
    }

    /** The name operators write: {@code f16}, {@code q8_0}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Refuses a model this cache type cannot hold, before llama.cpp would abort the whole process on it: a quantised
     * cache needs attention heads whose sizes are a multiple of its 32-value blocks (every Saiga model's are 128).
     *
     * @throws InferenceException naming the head size and what to use instead
     */
    public void checkHeads(GgufMetadata meta, String model) {
        if (this == F16) {
            return;
        }
        String arch = meta.getString("general.architecture");
        long embd = meta.getLong(arch + ".embedding_length");
        long heads = meta.getLong(arch + ".attention.head_count");
        long keyLength = meta.findLong(arch + ".attention.key_length").orElse(embd / heads);
        long valueLength = meta.findLong(arch + ".attention.value_length").orElse(embd / heads);
        if (keyLength % BLOCK != 0 || valueLength % BLOCK != 0) {
            throw new InferenceException("the " + label() + " KV cache cannot hold " + model + ": its attention heads "
                    + "have " + keyLength + "/" + valueLength + " values (keys/values), not a multiple of " + BLOCK
                    + "; use the f16 KV cache for this model");
        }
    }

    /** Parses an operator's value; the message lists the valid ones. */
    public static KvCacheType parse(String value) {
        for (KvCacheType type : values()) {
            if (type.label().equalsIgnoreCase(value.strip())) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown KV cache type '" + value + "'; use one of "
                + Arrays.stream(values()).map(KvCacheType::label).toList());
    }
}
