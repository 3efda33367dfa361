package ru.saigabot.bot.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged {@code saiga-bot.jar} run as a real process, as users run it. */
final class BotProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private BotProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static BotProcess start(Path workDir, Map<String, String> environment, String... args) throws IOException {
        Path jar = Path.of("target", "saiga-bot.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: process tests run after 'package' (./mvnw verify)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(workDir, "stdout", ".log");
        Path stderr = Files.createTempFile(workDir, "stderr", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().remove("TELEGRAM_BOT_TOKEN");
        builder.environment().remove("SAIGA_MODEL");
        builder.environment().remove("DATABASE_URL");
        builder.environment().putAll(environment);
        return new BotProcess(builder.start(), stdout, stderr);
    }

    /** Waits for the exit; returns the code, or fails the test when the process outlives the timeout. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("saiga-bot did not exit within " + seconds + " s; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** SIGTERM, as systemd and docker stop send it. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL: no shutdown hook runs, as after a crash or the OOM killer. */
    void kill() {
        process.destroyForcibly();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process wrote to stderr so far: its log. */
    String stderr() {
        return read(stderr);
    }

    /** Everything the process wrote to stdout so far (llama.cpp's own output among it). */
    String stdout() {
        return read(stdout);
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8); // malformed bytes replaced, not refused
        } catch (IOException e) {
            return "(" + file.getFileName() + " unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the test is being stopped: the process is killed already
            }
        }
    }
}
