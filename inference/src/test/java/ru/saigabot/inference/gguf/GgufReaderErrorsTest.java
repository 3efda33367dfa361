package ru.saigabot.inference.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufReaderErrorsTest {

    @TempDir
    Path dir;

    @Test
    void anEmptyFileIsNotGguf() throws IOException {
        Path path = Files.write(dir.resolve("empty.gguf"), new byte[0]);

        assertFormatError(path).hasMessage(path + ": not a GGUF file: it is only 0 bytes long");
    }

    @Test
    void anHtmlPageIsNotGgufAndTheMessageSaysWhatItLooksLike() throws IOException {
        Path path = Files.writeString(dir.resolve("model.gguf"), "<!DOCTYPE html><html>Not found</html>");

        assertFormatError(path).hasMessage(path + ": not a GGUF file: the magic bytes are 3c 21 44 4f (\"<!DO\"), "
                + "expected 47 47 55 46 (\"GGUF\"); it looks like an HTML or XML page (a failed download?)");
    }

    @Test
    void aGitLfsPointerIsRecognised() throws IOException {
        Path path = Files.writeString(dir.resolve("model.gguf"),
                "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 123\n");

        assertFormatError(path).hasMessageEndingWith("(run 'git lfs pull')");
    }

    @Test
    void version1IsRefused() throws IOException {
        Path path = RawBytes.ggufHeader(1, 0, 0).writeTo(dir.resolve("v1.gguf"));

        assertFormatError(path).hasMessageStartingWith(path + ": unsupported GGUF version 1 ");
    }

    @Test
    void aFutureVersionIsRefused() throws IOException {
        Path path = RawBytes.ggufHeader(4, 0, 0).writeTo(dir.resolve("v4.gguf"));

        assertFormatError(path).hasMessage(path + ": unsupported GGUF version 4 (known: 2 to 3)");
    }

    @Test
    void version2IsRead() throws IOException {
        Path path = RawBytes.ggufHeader(2, 0, 1).string("general.name").u32(8).string("old").writeTo(
                dir.resolve("v2.gguf"));

        GgufFile file = GgufReader.read(path);

        assertThat(file.version()).isEqualTo(2);
        assertThat(file.metadata().getString("general.name")).isEqualTo("old");
    }

    @Test
    void aBigEndianFileIsRecognised() throws IOException {
        Path path = RawBytes.ggufHeader(Integer.reverseBytes(3), 0, 0).writeTo(dir.resolve("be.gguf"));

        assertFormatError(path).hasMessageContaining("big-endian GGUF file (version 3 byte-swapped)");
    }

    @Test
    void everyTruncationOfAValidFileIsReportedAsTruncated() throws IOException {
        Path whole = TinyLlama.write(dir.resolve("whole.gguf"), TinyLlamaSpec.tiny()).path();
        byte[] bytes = Files.readAllBytes(whole);

        long dataOffset = GgufReader.read(whole).dataOffset();

        // Every cut in the first kilobyte, cuts at a prime stride through the rest of the header, a few in the data.
        for (int length = 4; length < bytes.length; length += length < 1024 ? 1 : length < dataOffset ? 997 : 65537) {
            Path cut = Files.write(dir.resolve("cut.gguf"), Arrays.copyOf(bytes, length));
            assertFormatError(cut).as("cut at %d", length).hasMessageContaining("truncated");
        }
    }

    @Test
    void tensorDataPastTheEndOfTheFileIsReported() throws IOException {
        Path path = RawBytes.ggufHeader(3, 1, 0).tensor("w", 0, 0, 16).writeTo(dir.resolve("short.gguf"));

        assertFormatError(path).hasMessage(path + ": truncated file: tensor 'w' needs 64 bytes at offset 64, "
                + "but the file ends at 57 (an incomplete download or copy?)");
    }

    @Test
    void anOffsetFarPastTheEndIsReportedWithoutOverflowing() throws IOException {
        Path path = RawBytes.ggufHeader(3, 1, 0).tensor("w", 0, Long.MAX_VALUE - 31, 16).writeTo(dir.resolve("o"));

        assertFormatError(path).hasMessageContaining("tensor 'w' needs 64 bytes at offset 9223372036854775840,");
    }

    @Test
    void absurdCountsAreRefusedBeforeAllocatingAnything() throws IOException {
        Path tensors = RawBytes.ggufHeader(3, Long.MAX_VALUE, 0).writeTo(dir.resolve("t.gguf"));
        Path array = RawBytes.ggufHeader(3, 0, 1).string("a").u32(9).u32(4).u64(1L << 40).writeTo(
                dir.resolve("a.gguf"));
        Path string = RawBytes.ggufHeader(3, 0, 1).u64(-2).zeros(8).writeTo(dir.resolve("s.gguf"));

        assertFormatError(tensors).hasMessageContaining("the header claims 9223372036854775807 tensors");
        assertFormatError(array).hasMessageContaining("claims 1099511627776 elements of uint32");
        assertFormatError(string).hasMessageContaining("claims a length of 18446744073709551614 bytes");
    }

    @Test
    void malformedEntriesAreNamed() throws IOException {
        assertFormatError(RawBytes.ggufHeader(3, 0, 1).string("k").u32(13).zeros(8).writeTo(dir.resolve("1")))
                .hasMessageContaining("metadata key 'k' at offset 24 has unknown value type 13");
        assertFormatError(RawBytes.ggufHeader(3, 0, 2).string("k").u32(7).zeros(1).string("k").u32(7).zeros(1)
                .writeTo(dir.resolve("2"))).hasMessageContaining("duplicate metadata key 'k'");
        assertFormatError(RawBytes.ggufHeader(3, 1, 0).tensor("w", 99, 0, 4).zeros(64).writeTo(dir.resolve("3")))
                .hasMessageContaining("tensor 'w' has unknown ggml type 99");
        assertFormatError(RawBytes.ggufHeader(3, 1, 0).tensor("w", 0, 8, 4).zeros(64).writeTo(dir.resolve("4")))
                .hasMessageContaining("tensor 'w' has data offset 8, which is not a multiple of the alignment 32");
        assertFormatError(RawBytes.ggufHeader(3, 1, 0).tensor("w", 0, 0, 1, 1, 1, 1, 1).zeros(64)
                .writeTo(dir.resolve("5"))).hasMessageContaining("tensor 'w' has 5 dimensions");
        assertFormatError(RawBytes.ggufHeader(3, 1, 0).tensor("w", 8, 0, 16).zeros(64).writeTo(dir.resolve("6")))
                .hasMessageContaining("tensor 'w' is Q8_0, stored in blocks of 32, but its rows have 16 elements");
        assertFormatError(RawBytes.ggufHeader(3, 2, 0).tensor("w", 0, 0, 1).tensor("w", 0, 32, 1).zeros(64)
                .writeTo(dir.resolve("7"))).hasMessageContaining("duplicate tensor 'w'");
        assertFormatError(RawBytes.ggufHeader(3, 0, 1).string("general.alignment").u32(4).u32(48)
                .writeTo(dir.resolve("8"))).hasMessageContaining("general.alignment is 48; it must be a power of two");
    }

    @Test
    void validateTurnsEveryProblemIntoAOneLineFormatError() throws IOException {
        Path missing = dir.resolve("missing.gguf");
        Path good = TinyLlama.write(dir.resolve("good.gguf"), TinyLlamaSpec.tiny()).path();

        assertThatThrownBy(() -> GgufReader.validate(missing)).isInstanceOf(GgufFormatException.class)
                .hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> GgufReader.validate(dir)).isInstanceOf(GgufFormatException.class)
                .hasMessage(dir + ": is a directory, not a GGUF file");
        assertThat(GgufReader.validate(good).architecture()).contains("llama");
        assertThat(GgufReader.isGguf(good)).isTrue();
        assertThat(GgufReader.isGguf(missing)).isFalse();
        for (String message : List.of(messageOf(missing), messageOf(dir))) {
            assertThat(message).doesNotContain("\n");
        }
    }

    private static String messageOf(Path path) {
        try {
            GgufReader.validate(path);
            return "";
        } catch (GgufFormatException e) {
            return e.getMessage();
        }
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFormatError(Path path) {
        return assertThatThrownBy(() -> GgufReader.read(path))
                .isInstanceOf(GgufFormatException.class)
                .satisfies(e -> assertThat(((GgufFormatException) e).file()).isEqualTo(path))
                .satisfies(e -> assertThat(e.getMessage()).startsWith(path + ": ").doesNotContain("\n"));
    }
}
