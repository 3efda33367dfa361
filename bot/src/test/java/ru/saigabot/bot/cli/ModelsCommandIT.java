package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import ru.saigabot.inference.gguf.TinyLlama;

/** {@code saiga-bot models ...} through picocli, as the jar runs it, against a fake hub serving the tiny model. */
class ModelsCommandIT {
    private static final String LLAMA3_REPO = "IlyaGusev/saiga_llama3_8b_gguf";
    private static final String LLAMA3_FILE = "model-q4_K.gguf";

    @TempDir
    static Path shared;
    static byte[] tinyModel;

    @TempDir
    Path modelsDir;
    ModelsFakeHub hub;

    /** What one run printed and returned. */
    record Run(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    @BeforeAll
    static void writeTinyModel() throws IOException {
        tinyModel = Files.readAllBytes(TinyLlama.write(shared.resolve("tiny.gguf")).path());
    }

    @BeforeEach
    void startHub() throws IOException {
        hub = new ModelsFakeHub().serve(LLAMA3_REPO, LLAMA3_FILE, tinyModel);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void listShowsEveryModelAndWhatIsDownloaded() throws IOException {
        Path nemo = modelsDir.resolve("IlyaGusev/saiga_nemo_12b_gguf/saiga_nemo_12b.Q4_K_M.gguf");
        Files.createDirectories(nemo.getParent());
        Files.write(nemo, tinyModel);
        Path llamaPart = modelsDir.resolve(LLAMA3_REPO).resolve(LLAMA3_FILE + ".part");
        Files.createDirectories(llamaPart.getParent());
        Files.write(llamaPart, new byte[1000]);

        Run run = run("models", "list", "--models-dir", modelsDir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("NAME", "SIZE", "TEMPLATE", "DOWNLOADED", modelsDir.toString());
        assertThat(line(run.out(), "saiga_nemo_12b")).contains("7.48 GB", "mistral", "yes");
        assertThat(line(run.out(), "saiga_llama3_8b")).contains("4.92 GB", "llama3", "partial 0%");
        assertThat(line(run.out(), "saiga_mistral_7b")).contains("saiga_v2", " no ");
        assertThat(line(run.out(), "saiga_yandexgpt_8b")).contains(" no ");
    }

    @Test
    void pullDownloadsChecksAndPrintsThePathForModel() throws IOException {
        Run run = pull("saiga_llama3_8b");

        Path expected = modelsDir.resolve(LLAMA3_REPO).resolve(LLAMA3_FILE);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo(expected.toString());
        assertThat(Files.readAllBytes(expected)).isEqualTo(tinyModel);
        assertThat(run.err()).contains("100%", "SHA-256 verified", "saiga-bot run --model " + expected, "llama3");
        assertThat(run.err()).as("no terminal: plain lines, no carriage returns").doesNotContain("\r");
    }

    @Test
    void pullResumesAfterTheConnectionDrops() throws IOException {
        hub.dropNextTransfer();

        Run run = pull("saiga_llama3_8b");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("retrying in", "resuming at", "SHA-256 verified");
        assertThat(Files.readAllBytes(Path.of(run.out().strip()))).isEqualTo(tinyModel);
    }

    @Test
    void aSecondPullFindsTheFileAndTransfersNothing() {
        assertThat(pull("saiga_llama3_8b").exitCode()).isZero();

        Run again = pull("saiga_llama3_8b");

        assertThat(again.exitCode()).isZero();
        assertThat(again.err()).contains("already downloaded").doesNotContain("downloading");
    }

    @Test
    void anUnknownNameIsOneLineListingTheKnownOnes() {
        Run run = pull("saiga_gpt5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("saiga_gpt5", "saiga_llama3_8b", "saiga_nemo_12b",
                "saiga_yandexgpt_8b", "saiga_mistral_7b");
    }

    @Test
    void aChecksumMismatchIsExitTwoAndLeavesNoFile() {
        hub.announce(LLAMA3_REPO, LLAMA3_FILE, "0".repeat(64));

        Run run = pull("saiga_llama3_8b");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("saiga-bot: ", "corrupt", LLAMA3_FILE);
        assertThat(modelsDir.resolve(LLAMA3_REPO).resolve(LLAMA3_FILE)).doesNotExist();
        assertThat(modelsDir.resolve(LLAMA3_REPO).resolve(LLAMA3_FILE + ".part")).doesNotExist();
    }

    @Test
    void aFileMissingOnTheHubNamesRepositoryAndFile() {
        Run run = pull("saiga_nemo_12b");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(lastErrLine(run)).contains("IlyaGusev/saiga_nemo_12b_gguf", "saiga_nemo_12b.Q4_K_M.gguf", "404",
                "--hub-url");
    }

    @Test
    void anUnreachableHubIsExitTwo() {
        String deadHub = hub.url();
        hub.close();

        Run run = run("models", "pull", "saiga_llama3_8b", "--models-dir", modelsDir.toString(), "--hub-url", deadHub,
                "--retry-delay-ms", "5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(lastErrLine(run)).contains("cannot download", deadHub, "check the network");
    }

    @Test
    void usageMistakesAreExitTwo() {
        assertThat(run("models", "pull").exitCode()).isEqualTo(2);
        assertThat(run("models").exitCode()).isEqualTo(2);
        Run badUrl = run("models", "pull", "saiga_llama3_8b", "--models-dir", modelsDir.toString(), "--hub-url", "hub");
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.errLines()).singleElement().asString().contains("SAIGA_HUB_URL");
    }

    private Run pull(String name) {
        return run("models", "pull", name, "--models-dir", modelsDir.toString(), "--hub-url", hub.url(),
                "--retry-delay-ms", "5");
    }

    private static Run run(String... args) {
        CommandLine commandLine = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String line(String text, String start) {
        List<String> matches = new ArrayList<>(text.lines().filter(l -> l.startsWith(start + " ")).toList());
        assertThat(matches).as("a line for " + start + " in:%n" + text).hasSize(1);
        return matches.get(0);
    }

    private static String lastErrLine(Run run) {
        List<String> lines = run.errLines();
        return lines.get(lines.size() - 1);
    }
}
