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
     * @throws InferenceException naming the head sizes and what to use instead
     */
    public void checkHeads(GgufMetadata meta, String model) {
        KvGeometry.of(meta).refusal(this).ifPresent(reason -> {
            throw new InferenceException("cannot load " + model + " with --kv-cache-type " + label() + ": " + reason);
        });
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
