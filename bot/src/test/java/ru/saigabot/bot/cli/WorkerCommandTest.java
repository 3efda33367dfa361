package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import ru.saigabot.inference.remote.RemoteEngineConfig;

/** A worker refuses, in one line, what would make it useless: no shared database, no model, bad backend URLs. */
class WorkerCommandTest {

    private record Outcome(int code, String err) {}

    private Outcome run(String... args) {
        CommandLine line = Main.newCommandLine();
        StringWriter err = new StringWriter();
        line.setErr(new PrintWriter(err));
        line.setOut(new PrintWriter(new StringWriter()));
        int code = line.execute(args);
        return new Outcome(code, err.toString());
    }

    @Test
    void withoutADatabaseUrlTheWorkerSaysWhichToPass() {
        Outcome outcome = run("worker", "--db-url", "", "--model", "/nowhere/x.gguf");
        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err()).contains("--db-url").contains("DATABASE_URL");
    }

    @Test
    void withoutAModelFileTheWorkerNamesIt() {
        Outcome outcome = run("worker", "--db-url", "jdbc:postgresql://localhost:1/x", "--model", "/nowhere/x.gguf");
        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err()).contains("/nowhere/x.gguf").contains("--model");
    }

    @Test
    void withNoModelAtAllTheWorkerSaysWhatToPass() {
        Outcome outcome = run("worker", "--db-url", "jdbc:postgresql://localhost:1/x");
        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err()).contains("no model").contains("--model").contains("--backend-url")
                .doesNotContain("null");
    }

    private static final String DB = "jdbc:postgresql://localhost:1/x";

    private static void oneLine(Outcome outcome) {
        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err().strip()).doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void aLocalModelAndBackendUrlsTogetherAreRefused() {
        Outcome outcome = run("worker", "--db-url", DB, "--model", "/nowhere/x.gguf",
                "--backend-url", "http://127.0.0.1:8080/v1", "--backend-model", "m");
        oneLine(outcome);
        assertThat(outcome.err()).contains("exactly one").contains("--model").contains("--backend-url");
    }

    @Test
    void onlyHttpBackendUrlsAreTaken() {
        Outcome outcome = run("worker", "--db-url", DB, "--backend-url", "http://127.0.0.1:8080/v1,ftp://h/v1",
                "--backend-model", "m");
        oneLine(outcome);
        assertThat(outcome.err()).contains("--backend-url").contains("ftp://h/v1").contains("http:// or https://");
    }

    @Test
    void backendUrlsNeedTheModelName() {
        Outcome outcome = run("worker", "--db-url", DB, "--backend-url", "http://127.0.0.1:8080/v1");
        oneLine(outcome);
        assertThat(outcome.err()).contains("--backend-model").contains("SAIGA_BACKEND_MODEL");
    }

    @Test
    void aZeroTimeoutIsRefusedByName() {
        Outcome outcome = run("worker", "--db-url", DB, "--backend-url", "http://127.0.0.1:8080/v1",
                "--backend-model", "m", "--backend-first-token-timeout", "0");
        oneLine(outcome);
        assertThat(outcome.err()).contains("--backend-first-token-timeout");
    }

    @Test
    void aTooSmallContextIsRefusedByName() {
        Outcome outcome = run("worker", "--db-url", DB, "--backend-url", "http://127.0.0.1:8080/v1",
                "--backend-model", "m", "--backend-ctx-size", "10");
        oneLine(outcome);
        assertThat(outcome.err()).contains("--backend-ctx-size = 10");
    }

    @Test
    void credentialsInABackendUrlAreNotRepeated() {
        Outcome outcome = run("worker", "--db-url", DB, "--backend-url", "http://me:hunter2@127.0.0.1:8080/v1",
                "--backend-model", "m");
        oneLine(outcome);
        assertThat(outcome.err()).contains("--backend-key").doesNotContain("hunter2");
    }

    @Test
    void outOfRangeEngineSettingsAreOneLineBeforeAnythingIsLoaded() {
        Outcome context = run("worker", "--db-url", DB, "--model", "some.gguf", "--ctx-size", "100");
        oneLine(context);
        assertThat(context.err().strip())
                .isEqualTo("saiga-bot: --ctx-size = 100 is out of range; allowed 256..1048576");
        Outcome slots = run("worker", "--db-url", DB, "--model", "some.gguf", "--slots", "0");
        oneLine(slots);
        assertThat(slots.err().strip()).isEqualTo("saiga-bot: --slots = 0 is out of range; allowed 1..64");
        Outcome threads = run("worker", "--db-url", DB, "--model", "some.gguf", "--threads", "1000");
        oneLine(threads);
        assertThat(threads.err()).contains("--threads = 1000 is out of range; allowed 1..512");
    }

    @Test
    void aTooShortLeaseIsOneLine() {
        Outcome outcome = run("worker", "--db-url", DB, "--model", "some.gguf", "--lease-seconds", "1");
        oneLine(outcome);
        assertThat(outcome.err()).startsWith("saiga-bot: --lease-seconds = 1 is out of range; allowed 3..");
    }

    @Test
    void slotsAreCheckedForRemoteBackendsToo() {
        Outcome outcome = run("worker", "--db-url", DB, "--backend-url", "http://127.0.0.1:8080/v1",
                "--backend-model", "m", "--slots", "65");
        oneLine(outcome);
        assertThat(outcome.err()).contains("--slots = 65 is out of range; allowed 1..64");
    }

    @Test
    void anUnknownTemplateIsOneLine() {
        Outcome outcome = run("worker", "--db-url", DB, "--model", "some.gguf", "--template", "nonsense");
        oneLine(outcome);
        assertThat(outcome.err()).contains("--template").contains("nonsense");
    }

    @Test
    void backendOptionsBecomeTheEngineSettings() {
        WorkerCommand worker = new WorkerCommand();
        new CommandLine(worker).parseArgs("--backend-url", "http://a:8080/v1/, https://b/v1", "--backend-model",
                "saiga", "--backend-key", "sk-1", "--backend-idle-timeout", "1.5", "--backend-cool-down", "0",
                "--backend-extended-sampling", "false", "--backend-ctx-size", "8192");
        RemoteEngineConfig config = worker.backend.config();
        assertThat(config.backends()).containsExactly(URI.create("http://a:8080/v1"), URI.create("https://b/v1"));
        assertThat(config.model()).isEqualTo("saiga");
        assertThat(config.apiKey()).isEqualTo("sk-1");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.firstTokenTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.coolDown()).isZero();
        assertThat(config.extendedSampling()).isFalse();
        assertThat(config.contextSize()).isEqualTo(8192);
    }
}
