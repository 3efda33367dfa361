package ru.saigabot.inference.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void everyMetadataTypeRoundTripsWithItsExactType() throws IOException {
        GgufMetadata metadata = GgufMetadata.builder()
                .put("u8", GgufValue.uint8(255))
                .put("i8", GgufValue.int8(-128))
                .put("u16", GgufValue.uint16(65535))
                .put("i16", GgufValue.int16(-32768))
                .putUint32("u32", 0xFFFF_FFFFL)
                .putInt32("i32", Integer.MIN_VALUE)
                .putUint64("u64", -1L) // 2^64 - 1
                .putInt64("i64", Long.MIN_VALUE)
                .putFloat32("f32", 1e-5f)
                .putFloat32("f32.nan", Float.NaN)
                .putFloat64("f64", Math.PI)
                .putBool("yes", true)
                .putBool("no", false)
                .putString("str", "Привет, мир! ▁ 🦙 \"quoted\"\n")
                .putString("empty", "")
                .putStringArray("strs", List.of("<unk>", "▁При", ""))
                .putFloat32Array("f32s", -1.5f, 0f, 3.25f)
                .putInt32Array("i32s", 1, -2, 3)
                .put("u8s", GgufValue.array(GgufValueType.UINT8, List.of(GgufValue.uint8(0), GgufValue.uint8(200))))
                .put("bools", GgufValue.array(GgufValueType.BOOL, List.of(GgufValue.bool(true), GgufValue.bool(false))))
                .put("none", GgufValue.array(GgufValueType.UINT64, List.of()))
                .put("nested", GgufValue.array(GgufValueType.ARRAY, List.of(
                        GgufValue.int32Array(1, 2), GgufValue.stringArray(List.of("a")))))
                .build();

        GgufFile written = GgufWriter.write(dir.resolve("meta.gguf"), metadata, List.of());
        GgufFile read = GgufReader.read(dir.resolve("meta.gguf"));

        assertThat(read.metadata()).isEqualTo(metadata);
        assertThat(read.metadata().keys()).containsExactlyElementsOf(metadata.keys());
        assertThat(read.metadata().get("u32")).contains(GgufValue.uint32(0xFFFF_FFFFL));
        assertThat(read.metadata().get("u64").orElseThrow()).hasToString("18446744073709551615");
        assertThat(read.version()).isEqualTo(3);
        assertThat(read.tensors()).isEmpty();
        assertThat(read).isEqualTo(written);
    }

    @Test
    void typedGettersReadValuesAndNameTheKeyWhenTheyCannot() throws IOException {
        GgufMetadata metadata = GgufMetadata.builder()
                .putString("general.architecture", "llama")
                .putUint32("llama.block_count", 32)
                .putFloat32("eps", 1e-5f)
                .putStringArray("tokens", List.of("a", "b"))
                .build();

        assertThat(metadata.getString("general.architecture")).isEqualTo("llama");
        assertThat(metadata.getLong("llama.block_count")).isEqualTo(32);
        assertThat(metadata.getDouble("eps")).isEqualTo(1e-5f);
        assertThat(metadata.getStringList("tokens")).containsExactly("a", "b");
        assertThat(metadata.findString("missing")).isEmpty();
        assertThatThrownBy(() -> metadata.getString("llama.block_count"))
                .hasMessage("metadata key 'llama.block_count' is a uint32, not a string");
        assertThatThrownBy(() -> metadata.getLong("missing"))
                .hasMessage("no metadata key 'missing'");
    }

    @Test
    void tensorsArePlacedOnTheAlignmentAndTheirDataStreamedInGgmlOrder() throws IOException {
        List<GgufTensor> tensors = List.of(
                GgufTensor.of("a", GgufTensorType.F32, TensorData.of(1, 2, 3), 3),               // 12 bytes
                GgufTensor.of("b", GgufTensorType.F16, TensorData.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 5, 2), // 20
                GgufTensor.of("c", GgufTensorType.Q8_0, ramp(64 * 2), 64, 2),                    // 4 blocks: 136
                GgufTensor.of("d", GgufTensorType.F32, TensorData.constant(0.5f, 7), 7));        // 28

        GgufFile written = GgufWriter.write(dir.resolve("t.gguf"), GgufMetadata.builder().build(), tensors);
        GgufFile read = GgufReader.read(dir.resolve("t.gguf"));

        assertThat(read).isEqualTo(written);
        assertThat(read.tensors()).extracting(GgufTensorInfo::offset).containsExactly(0L, 32L, 64L, 224L);
        assertThat(read.tensor("b").orElseThrow().shape()).containsExactly(5L, 2L);
        assertThat(read.tensor("c").orElseThrow().type()).isEqualTo(GgufTensorType.Q8_0);
        assertThat(read.dataOffset() % 32).isZero();
        assertThat(read.fileSize()).isEqualTo(read.dataOffset() + 224 + 32); // the last tensor is padded too
        assertThat(floats(read, "a", 3)).containsExactly(1, 2, 3);
        assertThat(floats(read, "d", 7)).containsOnly(0.5f);
        assertThat(halves(read, "b", 10)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void q8_0BlocksHoldAScaleAndRoundedInt8s() throws IOException {
        GgufWriter.write(dir.resolve("q.gguf"), GgufMetadata.builder().build(),
                List.of(GgufTensor.of("q", GgufTensorType.Q8_0, ramp(64), 64)));
        GgufFile file = GgufReader.read(dir.resolve("q.gguf"));

        ByteBuffer data = bytes(file, file.tensor("q").orElseThrow());
        float[] expected = new float[64];
        int[] count = {0};
        ramp(64).writeTo(value -> expected[count[0]++] = value);
        for (int block = 0; block < 2; block++) {
            float d = Float16.toFloat(data.getShort());
            float max = 0;
            for (int i = 0; i < 32; i++) {
                max = Math.max(max, Math.abs(expected[block * 32 + i]));
            }
            assertThat(d).isCloseTo(max / 127, within(max / 127 / 1000));
            for (int i = 0; i < 32; i++) {
                assertThat(d * data.get()).isCloseTo(expected[block * 32 + i], within(d * 0.51f));
            }
        }
    }

    @Test
    void generalAlignmentSetsTheAlignment() throws IOException {
        GgufMetadata metadata = GgufMetadata.builder().putUint32(GgufMetadata.ALIGNMENT_KEY, 64).build();
        List<GgufTensor> tensors = List.of(
                GgufTensor.of("a", GgufTensorType.F32, TensorData.of(1), 1),
                GgufTensor.of("b", GgufTensorType.F32, TensorData.of(2), 1));

        GgufWriter.write(dir.resolve("a.gguf"), metadata, tensors);
        GgufFile read = GgufReader.read(dir.resolve("a.gguf"));

        assertThat(read.alignment()).isEqualTo(64);
        assertThat(read.dataOffset() % 64).isZero();
        assertThat(read.tensors()).extracting(GgufTensorInfo::offset).containsExactly(0L, 64L);
        assertThat(floats(read, "b", 1)).containsExactly(2);
    }

    @Test
    void writingReplacesAnExistingFile() throws IOException {
        Path path = dir.resolve("m.gguf");
        GgufWriter.write(path, GgufMetadata.builder().putString("v", "one").build(), List.of());
        GgufWriter.write(path, GgufMetadata.builder().putString("v", "two").build(), List.of());

        assertThat(GgufReader.read(path).metadata().getString("v")).isEqualTo("two");
        assertThat(dir.toFile().list()).containsExactly("m.gguf");
    }

    /** 0.01 * (i - n/2): positive and negative values of varied size. */
    static TensorData ramp(int n) {
        return sink -> {
            for (int i = 0; i < n; i++) {
                sink.put(0.01f * (i - n / 2f));
            }
        };
    }

    static ByteBuffer bytes(GgufFile file, GgufTensorInfo tensor) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) tensor.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file.path())) {
            channel.read(buffer, file.absoluteOffset(tensor));
        }
        return buffer.flip();
    }

    private static float[] floats(GgufFile file, String name, int n) throws IOException {
        ByteBuffer data = bytes(file, file.tensor(name).orElseThrow());
        float[] values = new float[n];
        data.asFloatBuffer().get(values);
        return values;
    }

    private static float[] halves(GgufFile file, String name, int n) throws IOException {
        ByteBuffer data = bytes(file, file.tensor(name).orElseThrow());
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = Float16.toFloat(data.getShort());
        }
        return values;
    }
}
