package ru.saigabot.inference.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import ru.saigabot.inference.gguf.GgufFile;
import ru.saigabot.inference.llama.KvCacheType;
import ru.saigabot.inference.llama.KvGeometry;

/**
 * The process's resident memory next to what it should be: the model file (memory-mapped, read whole by the
 * first answer), the KV cache of all slots, and a fixed allowance for the JVM and llama.cpp's buffers.
 *
 * @param rssMb     resident memory at the end of a scenario (VmRSS); 0 where /proc is missing
 * @param modelMb   the model file's size
 * @param kvCacheMb the KV cache of {@code slots × ctx-size} positions in its type (F16, Q8_0), from the model's shape
 */
public record MemoryFigures(long rssMb, long modelMb, long kvCacheMb) {

    /** The allowance for everything that is neither the model nor the KV cache. */
    public static final long OVERHEAD_MB = 300;

    public long budgetMb() {
        return modelMb + kvCacheMb + OVERHEAD_MB;
    }

    public static MemoryFigures measure(Path model, EngineSetup setup) throws IOException {
        KvGeometry geometry = KvGeometry.of(GgufFile.read(model).metadata());
        return new MemoryFigures(residentMegabytes(), Files.size(model) >> 20,
                geometry.bytes((long) setup.kvSlots() * setup.ctxSize(), setup.kvCacheType()) >> 20);
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
