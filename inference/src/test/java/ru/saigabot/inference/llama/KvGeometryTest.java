package ru.saigabot.inference.llama;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import ru.saigabot.inference.bench.MemoryFigures;
import ru.saigabot.inference.gguf.GgufMetadata;

class KvGeometryTest {

    private static KvGeometry geometry(int embd, int heads) {
        return KvGeometry.of(GgufMetadata.builder().putString("general.architecture", "llama")
                .putUint32("llama.block_count", 2).putUint32("llama.embedding_length", embd)
                .putUint32("llama.attention.head_count", heads).putUint32("llama.attention.head_count_kv", 2).build());
    }

    @Test
    void theKvCacheTakesWhatItsTypeTakesPerValue() {
        // 2 layers × 2 KV heads × (64 + 64) = 512 values per position
        KvGeometry geometry = geometry(512, 8);
        assertThat(geometry.bytes(1000, KvCacheType.F16)).isEqualTo(512_000 * 2);
        assertThat(geometry.bytes(1000, KvCacheType.Q8_0)).isEqualTo(512_000 * 34 / 32);
        assertThat(new MemoryFigures(100, 27, 8).budgetMb()).isEqualTo(27 + 8 + MemoryFigures.OVERHEAD_MB);
    }

    @Test
    void aQuantisedCacheNeedsHeadsInWholeBlocks() {
        assertThat(geometry(512, 8).refusal(KvCacheType.Q8_0)).isEmpty();
        assertThat(geometry(64, 4).refusal(KvCacheType.F16)).isEmpty();
        assertThat(geometry(64, 4).refusal(KvCacheType.Q8_0)).hasValue("a q8_0 KV cache needs attention heads in "
                + "multiples of 32 values, and this model's have 16 (keys) and 16 (values); use f16");
    }
}
