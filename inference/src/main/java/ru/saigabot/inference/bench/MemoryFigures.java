package ru.saigabot.inference.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import ru.saigabot.inference.gguf.GgufFile;
import ru.saigabot.inference.gguf.GgufMetadata;

/**
 * The process's resident memory next to what it should be: the model file (memory-mapped, read whole by the
 * first answer), the KV cache of all slots, and a fixed allowance for the JVM and llama.cpp's buffers.
 *
 * @param rssMb     resident memory at the end of a scenario (VmRSS); 0 where /proc is missing
 * @param modelMb   the model file's size
 * @param kvCacheMb the F16 KV cache of {@code slots × ctx-size} positions, from the model's shape
 */
public record MemoryFigures(long rssMb, long modelMb, long kvCacheMb) {

    /** The allowance for everything that is neither the model nor the KV cache. */
    public static final long OVERHEAD_MB = 300;

    public long budgetMb() {
        return modelMb + kvCacheMb + OVERHEAD_MB;
    }

    public static MemoryFigures measure(Path model, int slots, int ctxSize) throws IOException {
        return new MemoryFigures(residentMegabytes(), Files.size(model) >> 20,
                kvCacheBytes(GgufFile.read(model).metadata(), (long) slots * ctxSize) >> 20);
    }

    /**
     * K and V, F16 (llama.cpp's default cache type), for every layer and position: {@code positions × n_layer ×
     * n_head_kv × (key_length + value_length) × 2} bytes; head sizes default to {@code n_embd / n_head}.
     */
    static long kvCacheBytes(GgufMetadata meta, long positions) {
        String arch = meta.getString("general.architecture");
        long layers = meta.getLong(arch + ".block_count");
        long embd = meta.getLong(arch + ".embedding_length");
        long heads = meta.getLong(arch + ".attention.head_count");
        long kvHeads = meta.findLong(arch + ".attention.head_count_kv").orElse(heads);
        long keyLength = meta.findLong(arch + ".attention.key_length").orElse(embd / heads);
        long valueLength = meta.findLong(arch + ".attention.value_length").orElse(embd / heads);
        return positions * layers * kvHeads * (keyLength + valueLength) * 2;
    }

    /** VmRSS from /proc; 0 on a system without /proc/self/status (not Linux), where it is not known. */
    static long residentMegabytes() {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
            return status.stream().filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024).findFirst().orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }
}
