package ru.saigabot.inference.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapter checks on GGUF headers written by {@link TinyLlama} and {@link TinyLora}; no model is loaded. */
class LoraCompatibilityTest {
    @TempDir
    Path dir;

    private GgufFile base() throws Exception {
        return TinyLlama.write(dir.resolve("base.gguf"));
    }

    @Test
    void anAdapterForTheSameShapeFits() throws Exception {
        GgufFile adapter = TinyLora.write(dir.resolve("lora.gguf"), TinyLlamaSpec.tiny(), TinyLora.Spec.defaults());
        // attn_q and attn_v in both of the tiny model's two blocks
        assertThat(LoraCompatibility.check(base(), adapter)).isEqualTo(4);
    }

    @Test
    void anAdapterForAnotherShapeIsRefusedNamingTheMatrix() throws Exception {
        TinyLlamaSpec wider = TinyLlamaSpec.tiny().toBuilder().embeddingLength(128).feedForwardLength(256).build();
        GgufFile adapter = TinyLora.write(dir.resolve("wide.gguf"), wider, TinyLora.Spec.defaults());
        GgufFile base = base();
        assertThatThrownBy(() -> LoraCompatibility.check(base, adapter)).isInstanceOf(GgufFormatException.class)
                .hasMessageStartingWith(adapter.path().toString())
                .hasMessageContaining("blk.0.attn_q.weight is [64, 64]")
                .hasMessageContaining("lora_a [128, 4]");
    }

    @Test
    void anAdapterForMoreLayersIsRefused() throws Exception {
        TinyLlamaSpec deeper = TinyLlamaSpec.tiny().toBuilder().blockCount(3).build();
        GgufFile adapter = TinyLora.write(dir.resolve("deep.gguf"), deeper, TinyLora.Spec.defaults());
        GgufFile base = base();
        assertThatThrownBy(() -> LoraCompatibility.check(base, adapter))
                .hasMessageContaining("adapts blk.2.attn_q.weight, which the base model base.gguf does not have");
    }

    @Test
    void aModelOrAnotherArchitectureOrAHalfPairIsNotALora() throws Exception {
        GgufFile base = base();
        assertThatThrownBy(() -> LoraCompatibility.check(base, base)).hasMessageContaining("is not an adapter");

        GgufMetadata adapterMeta = GgufMetadata.builder().putString("general.type", "adapter")
                .putString("adapter.type", "lora").putString("general.architecture", "qwen2").build();
        GgufFile qwen = GgufWriter.write(dir.resolve("qwen.gguf"), adapterMeta, List.of());
        assertThatThrownBy(() -> LoraCompatibility.check(base, qwen))
                .hasMessageContaining("was made for a qwen2 model, but the base model base.gguf is llama");

        GgufMetadata llamaMeta = GgufMetadata.builder().putAll(adapterMeta).putString("general.architecture", "llama")
                .build();
        GgufFile half = GgufWriter.write(dir.resolve("half.gguf"), llamaMeta, List.of(GgufTensor.of(
                "blk.0.attn_q.weight.lora_a", GgufTensorType.F32, RandomWeights.uniform(1, "a", 0.1f, 64, 4), 64, 4)));
        assertThatThrownBy(() -> LoraCompatibility.check(base, half))
                .hasMessageContaining("blk.0.attn_q.weight.lora_a without .lora_b");

        GgufFile empty = GgufWriter.write(dir.resolve("empty.gguf"), llamaMeta, List.of());
        assertThatThrownBy(() -> LoraCompatibility.check(base, empty)).hasMessageContaining("has no LoRA tensors");
    }
}
