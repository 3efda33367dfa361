package ru.saigabot.inference.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny model's file, as llama.cpp will see it (loading it for real is {@link TinyLlamaIT}). */
class TinyLlamaTest {

    @TempDir
    Path dir;

    @Test
    void hasTheLlamaMetadataWithTheTypesLlamaCppInsistsOn() throws IOException {
        GgufMetadata meta = GgufReader.read(TinyLlama.write(dir.resolve("tiny.gguf")).path()).metadata();

        assertThat(meta.getString("general.architecture")).isEqualTo("llama");
        assertThat(meta.getString("tokenizer.ggml.model")).isEqualTo("llama");
        for (String key : List.of("llama.context_length", "llama.embedding_length", "llama.block_count",
                "llama.feed_forward_length", "llama.attention.head_count", "llama.attention.head_count_kv",
                "llama.rope.dimension_count", "llama.vocab_size", "general.file_type",
                "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id", "tokenizer.ggml.unknown_token_id")) {
            assertThat(meta.get(key).orElseThrow().type()).as(key).isEqualTo(GgufValueType.UINT32);
        }
        assertThat(meta.get("llama.attention.layer_norm_rms_epsilon").orElseThrow().type())
                .isEqualTo(GgufValueType.FLOAT32);
        assertThat(meta.getArray("tokenizer.ggml.scores").elementType()).isEqualTo(GgufValueType.FLOAT32);
        assertThat(meta.getArray("tokenizer.ggml.token_type").elementType()).isEqualTo(GgufValueType.INT32);
        assertThat(meta.getLong("llama.rope.dimension_count")).isEqualTo(16);
        assertThat(meta.getLong("llama.vocab_size")).isEqualTo(meta.getStringList("tokenizer.ggml.tokens").size());
        assertThat(meta.getBoolean("tokenizer.ggml.add_bos_token")).isFalse();
        assertThat(meta.getBoolean("tokenizer.ggml.add_eos_token")).isFalse();
        assertThat(meta.contains("tokenizer.chat_template")).isFalse();
    }

    @Test
    void hasTheTensorsLlamaCppExpectsInGgmlDimensionOrder() throws IOException {
        GgufFile file = GgufReader.read(TinyLlama.write(dir.resolve("tiny.gguf")).path());
        long vocab = TinyVocabulary.baseSize();
        Map<String, List<Long>> shapes = file.tensors().stream()
                .collect(Collectors.toMap(GgufTensorInfo::name, GgufTensorInfo::shape));

        assertThat(file.tensors()).hasSize(3 + 2 * 9);
        assertThat(shapes).containsEntry("token_embd.weight", List.of(64L, vocab))
                .containsEntry("output_norm.weight", List.of(64L))
                .containsEntry("output.weight", List.of(64L, vocab))
                .containsEntry("blk.1.attn_norm.weight", List.of(64L))
                .containsEntry("blk.1.attn_q.weight", List.of(64L, 64L))
                .containsEntry("blk.1.attn_k.weight", List.of(64L, 32L))
                .containsEntry("blk.1.attn_v.weight", List.of(64L, 32L))
                .containsEntry("blk.1.attn_output.weight", List.of(64L, 64L))
                .containsEntry("blk.1.ffn_norm.weight", List.of(64L))
                .containsEntry("blk.1.ffn_gate.weight", List.of(64L, 128L))
                .containsEntry("blk.1.ffn_down.weight", List.of(128L, 64L))
                .containsEntry("blk.1.ffn_up.weight", List.of(64L, 128L));
        assertThat(file.tensors()).filteredOn(t -> t.name().endsWith("norm.weight"))
                .extracting(GgufTensorInfo::type).containsOnly(GgufTensorType.F32);
        assertThat(file.tensor("blk.0.attn_q.weight").orElseThrow().type()).isEqualTo(GgufTensorType.F16);
        assertThat(file.fileSize()).isBetween(500_000L, 2_000_000L);
    }

    @Test
    void theSameSpecGivesTheSameBytesAndAnotherSeedOtherWeights() throws IOException {
        Path a = TinyLlama.write(dir.resolve("a.gguf")).path();
        Path b = TinyLlama.write(dir.resolve("b.gguf")).path();
        Path c = TinyLlama.write(dir.resolve("c.gguf"), TinyLlamaSpec.tiny().toBuilder().seed(7).build()).path();

        assertThat(Files.mismatch(a, b)).isEqualTo(-1);
        assertThat(Files.mismatch(a, c)).isPositive();
        assertThat(Files.size(c)).isEqualTo(Files.size(a));
    }

    @Test
    void weightsAreSmallAndNormsAreOne() throws IOException {
        GgufFile file = GgufReader.read(TinyLlama.write(dir.resolve("tiny.gguf")).path());

        var norm = GgufRoundTripTest.bytes(file, file.tensor("blk.0.ffn_norm.weight").orElseThrow());
        while (norm.hasRemaining()) {
            assertThat(norm.getFloat()).isEqualTo(1f);
        }
        var weights = GgufRoundTripTest.bytes(file, file.tensor("blk.0.ffn_up.weight").orElseThrow());
        double sumOfSquares = 0;
        int n = 0;
        while (weights.hasRemaining()) {
            float w = Float16.toFloat(weights.getShort());
            assertThat(Math.abs(w)).isLessThanOrEqualTo(0.035f);
            sumOfSquares += w * w;
            n++;
        }
        assertThat(Math.sqrt(sumOfSquares / n)).isBetween(0.019, 0.021);
    }

    @Test
    void otherSpecsChangeShapesTypesAndTemplate() throws IOException {
        TinyLlamaSpec spec = TinyLlamaSpec.tiny().toBuilder().weightType(GgufTensorType.Q8_0).blockCount(3)
                .vocabSize(3000).chatTemplate("{{ messages }}").name("other").build();

        GgufFile file = GgufReader.read(TinyLlama.write(dir.resolve("q8.gguf"), spec).path());

        assertThat(file.metadata().getLong("general.file_type")).isEqualTo(7);
        assertThat(file.metadata().getLong("llama.block_count")).isEqualTo(3);
        assertThat(file.metadata().getString("tokenizer.chat_template")).isEqualTo("{{ messages }}");
        assertThat(file.tensor("output.weight").orElseThrow().shape()).containsExactly(64L, 3000L);
        assertThat(file.tensor("blk.2.ffn_down.weight").orElseThrow().type()).isEqualTo(GgufTensorType.Q8_0);
    }

    @Test
    void impossibleSpecsAreRefusedWithTheReason() {
        TinyLlamaSpec.Builder tiny = TinyLlamaSpec.tiny().toBuilder();

        assertThatThrownBy(() -> tiny.headCount(3).build())
                .hasMessage("embeddingLength 64 must be a multiple of headCount 3");
        assertThatThrownBy(() -> tiny.headCount(4).headCountKv(3).build())
                .hasMessage("headCount 4 must be a multiple of headCountKv 3");
        assertThatThrownBy(() -> tiny.headCountKv(2).weightType(GgufTensorType.Q8_0).feedForwardLength(100).build())
                .hasMessage("Q8_0 weights need embeddingLength, feedForwardLength and the query width in multiples of 32");
    }

    @Test
    void theLlama3ShapedSpecIsValidWithoutBeingWritten() {
        TinyLlamaSpec spec = TinyLlamaSpec.llama3_8bShape();
        long parameters = TinyLlama.matrices(spec).stream().mapToLong(m -> m.ne0() * m.ne1()).sum();

        assertThat(spec.kvEmbeddingLength()).isEqualTo(1024);
        assertThat(parameters).isBetween(8_000_000_000L, 8_100_000_000L);
    }

    @Test
    void aLoraAdapterHasTransposedPairsForTheTargetMatrices() throws IOException {
        TinyLora.Spec lora = TinyLora.Spec.defaults();
        GgufFile file = GgufReader.read(TinyLora.write(dir.resolve("lora.gguf"), TinyLlamaSpec.tiny(), lora).path());

        assertThat(file.metadata().getString("general.type")).isEqualTo("adapter");
        assertThat(file.metadata().getString("adapter.type")).isEqualTo("lora");
        assertThat(file.metadata().getDouble("adapter.lora.alpha")).isEqualTo(4.0);
        assertThat(file.tensors()).hasSize(2 * 2 * 2);
        assertThat(file.tensor("blk.1.attn_v.weight.lora_a").orElseThrow().shape()).containsExactly(64L, 4L);
        assertThat(file.tensor("blk.1.attn_v.weight.lora_b").orElseThrow().shape()).containsExactly(4L, 32L);
    }
}
