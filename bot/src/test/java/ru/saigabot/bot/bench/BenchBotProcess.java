package ru.saigabot.bot.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link BenchBot} as a child process; its log goes to {@code bot.log} in the run's directory. */
final class BenchBotProcess implements AutoCloseable {
    /** What {@link BenchBot} prints on stdout once it polls. */
    static final String READY = "ready";

    private final Process process;
    private final Path log;

    private BenchBotProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static BenchBotProcess start(String telegramUrl, String jdbcUrl, Path dir, Path model) throws Exception {
        return start(telegramUrl, jdbcUrl, dir, model, false);
    }

    /** @param sendLimits keep Telegram's sending limits, as in production */
    static BenchBotProcess start(String telegramUrl, String jdbcUrl, Path dir, Path model, boolean sendLimits)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String jvmArgs = System.getProperty("bench.botJvmArgs", "").strip();
        if (!jvmArgs.isEmpty()) {
            command.addAll(List.of(jvmArgs.split("\\s+")));
        }
        command.addAll(List.of("-cp", classPath(), BenchBot.class.getName(),
                telegramUrl, jdbcUrl, dir.toString(), model.toString()));
        if (sendLimits) {
            command.add(BenchBot.SEND_LIMITS);
        }
        Path log = dir.resolve("bot.log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BenchBotProcess child = new BenchBotProcess(process, log);
        var stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = stdout.readLine()) != null && !line.equals(READY)) {
            // nothing else is printed there; wait for the bot to poll
        }
        if (line == null) {
            child.close();
            throw new IllegalStateException("the benchmark's bot exited before it was ready; its log:\n"
                    + Files.readString(log));
        }
        return child;
    }

    /**
     * This class's own class path: under {@code exec:java} the JVM's is Maven's, and the project's test
     * class path is the class loader's.
     */
    private static String classPath() throws Exception {
        if (BenchBotProcess.class.getClassLoader() instanceof URLClassLoader loader
                && loader.getURLs().length > 0) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                entries.add(Path.of(url.toURI()).toString());
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }

    long pid() {
        return process.pid();
    }

    /** Closes the bot's stdin, which stops it cleanly; kills it if it has not stopped in 30 s. */
    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            System.err.println("the benchmark's bot did not stop within 30 s and was killed; log: " + log);
        }
    }
}
