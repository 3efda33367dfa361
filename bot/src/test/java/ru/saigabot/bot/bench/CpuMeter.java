package ru.saigabot.bot.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where the CPU of one benchmark phase went, split the way capacity is planned: the bot's process
 * (less its JIT compiler threads, given apart), the benchmark's own process (the Bot API emulator and
 * the driver that plays the users: they stand in for Telegram and cost the bot's machine nothing in
 * production), and PostgreSQL's processes. Per update, so runs at different rates compare. The JIT's
 * threads and PostgreSQL's processes are found in {@code /proc} (Linux): PostgreSQL's are the
 * postmaster named in {@code postmaster.pid} and its children. Elsewhere those two are not given.
 */
final class CpuMeter {
    /** Thread names as Linux keeps them (15 characters). */
    private static final List<String> JIT_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");
    private static final long CLOCK_TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux

    private final ProcessHandle bot;
    private final Path postmasterPid;

    /** What was used so far, in nanoseconds of CPU; -1 where it could not be told. */
    record Sample(long bot, long jit, long emulator, long postgres) {}

    CpuMeter(long botPid, Path pgData) {
        this.bot = ProcessHandle.of(botPid).orElseThrow(() -> new IllegalStateException("no process " + botPid));
        this.postmasterPid = pgData.resolve("postmaster.pid");
    }

    Sample sample() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long botTotal = bot.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
        return new Sample(botTotal, jitCpu(), os.getProcessCpuTime(), postgresCpu());
    }

    /**
     * One JSON object: milliseconds of CPU per update in each part, between two samples. "bot" is the bot's
     * process less its JIT compiler threads: the bot's threads, its GC and the JVM's own.
     */
    static String perUpdate(Sample before, Sample after, int updates) {
        boolean jitKnown = before.jit() >= 0 && after.jit() >= 0;
        long jit = jitKnown ? after.jit() - before.jit() : 0;
        return "{\"bot\":" + part(before.bot(), after.bot() - jit, updates)
                + ",\"jit\":" + (jitKnown ? perUpdate(jit, updates) : "null")
                + ",\"emulator\":" + part(before.emulator(), after.emulator(), updates)
                + ",\"postgres\":" + part(before.postgres(), after.postgres(), updates) + "}";
    }

    private static String part(long before, long after, int updates) {
        return before < 0 || after < 0 ? "null" : perUpdate(after - before, updates);
    }

    private static String perUpdate(long nanos, int updates) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6 / updates);
    }

    /** The bot's JIT compiler threads, from {@code /proc}; -1 elsewhere. */
    private long jitCpu() {
        long jit = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(bot.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                String[] stat = stat(task);
                if (stat != null && JIT_THREADS.contains(name(task))) {
                    jit += ticks(stat) * CLOCK_TICK_NANOS;
                }
            }
            return jit;
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux
        }
    }

    /** The postmaster's and its children's CPU; exited children (autovacuum workers) are not counted. */
    private long postgresCpu() {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(postmasterPid).get(0).strip());
            long ticks = 0;
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    String[] stat = stat(process);
                    long pid = Long.parseLong(process.getFileName().toString());
                    if (stat != null && (pid == postmaster || Long.parseLong(stat[1]) == postmaster)) {
                        ticks += ticks(stat);
                    }
                }
            }
            return ticks * CLOCK_TICK_NANOS;
        } catch (IOException | RuntimeException e) {
            return -1; // not Linux, or the server is gone: the other parts still stand
        }
    }

    private static String name(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return ""; // exited meanwhile
        }
    }

    private static long ticks(String[] stat) {
        return Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
    }

    /** Fields of /proc/PID/stat after the command name: [0] state, [1] ppid, ..., [11] utime, [12] stime. */
    private static String[] stat(Path process) {
        try {
            String line = Files.readString(process.resolve("stat"));
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null; // exited meanwhile
        }
    }
}
