package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The exit status after SIGTERM, in a JVM of its own ({@link SignalStopProbe}): 0 only when the command's stop was
 * clean; a failed stop, or one that throws, is not 0; a command that ended by itself keeps its own status.
 */
class SignalStopIT {

    @Test
    void aCleanStopExitsZero() throws Exception {
        assertThat(terminated("clean")).isZero();
    }

    @Test
    void aStopThatCouldNotCloseEverythingIsNotZero() throws Exception {
        assertThat(terminated("close-fails")).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void aStopThatThrowsIsNotZero() throws Exception {
        assertThat(terminated("stop-throws")).isEqualTo(ExitCodes.FAILURE);
    }

    @Test
    void aCommandThatEndsByItselfKeepsItsStatus() throws Exception {
        Process probe = start("ends-by-itself");
        assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).isEqualTo(ExitCodes.USER_ERROR);
    }

    /** SIGTERM once the probe runs (its hook is installed); returns the exit status. */
    private static int terminated(String mode) throws Exception {
        Process probe = start(mode);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("running");
            probe.destroy();
            assertThat(probe.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            return probe.exitValue();
        } finally {
            probe.destroyForcibly();
        }
    }

    private static Process start(String mode) throws IOException {
        String classPath = String.join(java.io.File.pathSeparator,
                Path.of("target", "classes").toAbsolutePath().toString(),
                Path.of("target", "test-classes").toAbsolutePath().toString());
        return new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, SignalStopProbe.class.getName(), mode))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
