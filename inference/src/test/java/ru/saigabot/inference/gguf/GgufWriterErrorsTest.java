package ru.saigabot.inference.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufWriterErrorsTest {

    @TempDir
    Path dir;

    private final GgufMetadata empty = GgufMetadata.builder().build();

    @Test
    void aTensorSourceGivingTooFewElementsFailsAndLeavesNoFile() {
        GgufTensor tensor = GgufTensor.of("w", GgufTensorType.F32, TensorData.of(1, 2, 3), 4);

        assertThatThrownBy(() -> GgufWriter.write(dir.resolve("m.gguf"), empty, List.of(tensor)))
                .hasMessage("tensor w needs 4 elements, but its data gave only 3");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void aTensorSourceGivingTooManyElementsFails() {
        GgufTensor tensor = GgufTensor.of("w", GgufTensorType.F16, TensorData.of(1, 2, 3), 2);

        assertThatThrownBy(() -> GgufWriter.write(dir.resolve("m.gguf"), empty, List.of(tensor)))
                .hasMessage("tensor w needs 2 elements, but its data gave more");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void aFailingTensorSourceLeavesNoFile() {
        GgufTensor tensor = GgufTensor.of("w", GgufTensorType.F32, sink -> {
            throw new java.io.IOException("disk on fire");
        }, 4);

        assertThatThrownBy(() -> GgufWriter.write(dir.resolve("m.gguf"), empty, List.of(tensor)))
                .hasMessage("disk on fire");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void tensorsAreCheckedBeforeAnythingIsWritten() {
        TensorData data = TensorData.constant(0, 64);
        GgufTensor q5k = GgufTensor.of("w", GgufTensorType.Q5_K, data, 256);

        assertThatThrownBy(() -> GgufWriter.write(dir.resolve("m.gguf"), empty, List.of(q5k)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("cannot write Q5_K tensors (w); writable types are F32, F16, Q8_0, Q4_K and Q6_K");
        GgufTensor w = GgufTensor.of("w", GgufTensorType.F32, data, 64);
        assertThatThrownBy(() -> GgufWriter.write(dir.resolve("m.gguf"), empty, List.of(w, w)))
                .hasMessage("two tensors are named w");
        assertThatThrownBy(() -> GgufTensor.of("w", GgufTensorType.Q8_0, data, 16, 4))
                .hasMessage("tensor w is Q8_0, whose rows are blocks of 32 elements, but its row length ne[0] is 16");
        assertThatThrownBy(() -> GgufTensor.of("w", GgufTensorType.F32, data, 4, 4, 2, 1, 1))
                .hasMessage("tensor w has 5 dimensions; ggml allows 1 to 4");
        assertThatThrownBy(() -> GgufTensor.of("x".repeat(64), GgufTensorType.F32, data, 64))
                .hasMessageContaining("must be 1 to 63 bytes");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void alignmentMustBeAUint32PowerOfTwo() {
        GgufMetadata int32 = GgufMetadata.builder().putInt32(GgufMetadata.ALIGNMENT_KEY, 32).build();
        GgufMetadata odd = GgufMetadata.builder().putUint32(GgufMetadata.ALIGNMENT_KEY, 48).build();

        assertThatThrownBy(() -> GgufWriter.write(dir.resolve("m.gguf"), int32, List.of()))
                .hasMessage("general.alignment must be a uint32 power of two, not int32 32");
        assertThatThrownBy(() -> GgufWriter.write(dir.resolve("m.gguf"), odd, List.of()))
                .hasMessage("general.alignment must be a uint32 power of two, not uint32 48");
    }

    @Test
    void valuesMustFitTheirType() {
        assertThatThrownBy(() -> GgufValue.uint8(256)).hasMessage("256 does not fit in uint8");
        assertThatThrownBy(() -> GgufValue.uint32(-1)).hasMessage("-1 does not fit in uint32");
        assertThatThrownBy(() -> new GgufValue.FloatValue(GgufValueType.FLOAT32, 0.1))
                .hasMessage("0.1 is not exactly representable as float32");
        assertThatThrownBy(() -> GgufValue.array(GgufValueType.INT32, List.of(GgufValue.uint32(1))))
                .hasMessage("an array of int32 cannot hold a uint32");
    }
}
