package ru.saigabot.inference.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import ru.saigabot.inference.catalog.CatalogModel;
import ru.saigabot.inference.catalog.ModelCatalog;
import ru.saigabot.inference.gguf.GgufTensorType;
import ru.saigabot.inference.gguf.TinyLlamaSpec;

class BenchShapesTest {

    @Test
    void everyCatalogModelHasAShapeOfItsSize() {
        for (CatalogModel model : ModelCatalog.builtIn().models()) {
            TinyLlamaSpec spec = BenchShapes.byName(model.name());
            double bytes = BenchShapes.tensorBytes(spec);
            // Q4_K_M as llama.cpp mixes it: the listed sizes (4.92, 7.48, 4.93, 4.37 GB) within 2%
            assertThat(bytes / model.listedBytes()).as(model.name()).isCloseTo(1.0, within(0.02));
            assertThat(spec.typeOf("output.weight")).isEqualTo(GgufTensorType.Q6_K);
            assertThat(spec.typeOf("blk.0.attn_v.weight")).isEqualTo(GgufTensorType.Q6_K);
            assertThat(spec.typeOf("blk.5.attn_v.weight")).isEqualTo(GgufTensorType.Q4_K);
            assertThat(spec.typeOf("blk.5.attn_q.weight")).isEqualTo(GgufTensorType.Q4_K);
        }
        assertThat(BenchShapes.names()).containsAll(ModelCatalog.builtIn().names());
    }

    @Test
    void theMediumShapeWeighsAFewHundredMegabytes() {
        TinyLlamaSpec medium = BenchShapes.byName("medium");
        assertThat(BenchShapes.tensorBytes(medium) / 1e6).isBetween(250.0, 400.0);
        assertThat(medium.endOfTextSuppressed()).as("every answer runs to its token limit").isTrue();
        assertThat(BenchShapes.names()).startsWith("tiny", "small", "medium");
    }

    @Test
    void nemoHasHeadsNarrowerThanItsEmbedding() {
        TinyLlamaSpec nemo = BenchShapes.byName("saiga_nemo_12b");
        assertThat(nemo.headSize()).isEqualTo(128);
        assertThat(nemo.queryEmbeddingLength()).isEqualTo(4096);
        assertThat(nemo.embeddingLength()).isEqualTo(5120);
    }

    @Test
    void anUnknownShapeListsTheKnownOnes() {
        assertThatThrownBy(() -> BenchShapes.byName("gpt5")).hasMessageContaining("saiga_llama3_8b")
                .hasMessageContaining("tiny");
    }
}
