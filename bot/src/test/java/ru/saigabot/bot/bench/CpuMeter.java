package ru.saigabot.bot.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where the CPU of one benchmark phase went, split the way capacity is planned: the bot's own threads,
 * the JIT compiler, the Bot API emulator with the driver that sends through it (they stand in for
 * Telegram and its users, and cost the bot's machine nothing in production), and PostgreSQL's
 * processes. Per update, so runs at different rates compare. Threads and PostgreSQL are read from
 * {@code /proc} (Linux): PostgreSQL's processes are the postmaster named in {@code postmaster.pid} and
 * its children. Elsewhere only the JVM's total is given.
 */
final class CpuMeter {
    /**
     * Thread names as Linux keeps them (15 characters): the emulator's HTTP server threads, and the
     * driver (the main thread, "java"), which sends the users' messages through it.
     */
    private static final List<String> EMULATOR_THREADS = List.of("bot-api-emulato", "HTTP-Dispatcher", "java");
    private static final List<String> JIT_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");
    private static final long CLOCK_TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux

    private final Path postmasterPid;

    /** What was used so far, in nanoseconds of CPU; -1 where {@code /proc} could not tell. */
    record Sample(long process, long emulator, long jit, long postgres) {}

    CpuMeter(Path pgData) {
        this.postmasterPid = pgData.resolve("postmaster.pid");
    }

    Sample sample() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long emulator = 0;
        long jit = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String name = Files.readString(task.resolve("comm")).strip();
                String[] stat = stat(task);
                long used = stat == null ? 0 : ticks(stat) * CLOCK_TICK_NANOS;
                if (EMULATOR_THREADS.contains(name)) {
                    emulator += used;
                } else if (JIT_THREADS.contains(name)) {
                    jit += used;
                }
            }
        } catch (IOException | RuntimeException e) {
            emulator = -1; // not Linux: only the process total stands
            jit = -1;
        }
        return new Sample(os.getProcessCpuTime(), emulator, jit, postgresCpu());
    }

    /**
     * One JSON object: milliseconds of CPU per update in each part, between two samples. "bot" is the
     * process less the emulator and the JIT: the bot's threads, its GC and the JVM's own.
     */
    static String perUpdate(Sample before, Sample after, int updates) {
        boolean split = before.emulator() >= 0 && after.emulator() >= 0;
        long emulator = split ? after.emulator() - before.emulator() : 0;
        long jit = split ? after.jit() - before.jit() : 0;
        long bot = after.process() - before.process() - emulator - jit;
        return "{\"bot\":" + perUpdate(bot, updates)
                + ",\"jit\":" + (split ? perUpdate(jit, updates) : "null")
                + ",\"emulator\":" + (split ? perUpdate(emulator, updates) : "null")
                + ",\"postgres\":" + (before.postgres() < 0 || after.postgres() < 0 ? "null"
                : perUpdate(after.postgres() - before.postgres(), updates)) + "}";
    }

    private static String perUpdate(long nanos, int updates) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6 / updates);
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
