package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainPrepareCommandTest {
    private static final String SFT_LINE = "{\"messages\":[{\"role\":\"system\",\"content\":\"s\"},"
            + "{\"role\":\"user\",\"content\":\"u\"},{\"role\":\"assistant\",\"content\":\"a\"}]}\n";

    @TempDir
    Path dir;

    @Test
    void aCatalogModelTrainsOnItsTransformersWeights() throws Exception {
        Path data = data();
        Result result = run("--data", data.toString(), "--base", "saiga_nemo_12b", "--method", "sft",
                "--out", dir.resolve("nemo").toString());
        assertThat(result.code).as(result.err).isZero();
        assertThat(Files.readString(dir.resolve("nemo/trl/config.yaml")))
                .contains("model_name_or_path: \"IlyaGusev/saiga_nemo_12b\"");
        assertThat(Files.readString(dir.resolve("nemo/run.sh"))).as("rulm has no Mistral template")
                .contains("rulm has no prompt template for mistral");
    }

    @Test
    void aHubRepositoryOrALocalFolderWorksToo() throws Exception {
        Path data = data();
        Result hub = run("--data", data.toString(), "--base", "someone/my-saiga", "--template", "chatml",
                "--method", "sft", "--out", dir.resolve("hub").toString(), "--lora-r", "8", "--epochs", "1");
        assertThat(hub.code).as(hub.err).isZero();
        assertThat(Files.readString(dir.resolve("hub/rulm/config.json"))).contains("internal_prompts/chatml.json")
                .contains("\"r\" : 8").contains("\"num_train_epochs\" : 1");

        Path weights = Files.createDirectories(dir.resolve("weights"));
        Files.writeString(weights.resolve("config.json"), "{}");
        Result local = run("--data", data.toString(), "--base", weights.toString(), "--method", "sft",
                "--out", dir.resolve("local").toString());
        assertThat(local.code).as(local.err).isZero();
        assertThat(Files.readString(dir.resolve("local/trl/config.yaml"))).contains(weights.toAbsolutePath().toString());
    }

    @Test
    void mistakesAreOneLineWithExitCodeTwo() throws Exception {
        Path data = data();
        String out = dir.resolve("r").toString();
        assertOneLineError(run("--data", data.toString(), "--base", "saiga_mistral_7b", "--method", "sft", "--out", out),
                "saiga_mistral_7b has no published transformers weights");
        assertOneLineError(run("--data", data.toString(), "--base", "model.gguf", "--method", "sft", "--out", out),
                "is a GGUF file");
        assertOneLineError(run("--data", data.toString(), "--base", "nonsense", "--method", "sft", "--out", out),
                "is not a catalog model (saiga_llama3_8b");
        assertOneLineError(run("--data", data.toString(), "--base", "saiga_llama3_8b", "--method", "orpo", "--out", out),
                "--method must be sft, kto or dpo");
        assertOneLineError(run("--data", data.toString(), "--base", "saiga_llama3_8b", "--method", "kto", "--out", out),
                "kto.train.jsonl is missing");
        assertOneLineError(run("--data", data.toString(), "--base", "saiga_llama3_8b", "--method", "sft", "--out", out,
                "--name", "Bad Name"), "adapter name 'Bad Name' is invalid");
        assertOneLineError(run("--data", data.toString(), "--base", "saiga_llama3_8b", "--method", "sft", "--out", out,
                "--learning-rate", "3"), "--learning-rate must be in (0, 1)");
        assertThat(dir.resolve("r")).doesNotExist();
    }

    private Path data() throws Exception {
        Path data = Files.createDirectories(dir.resolve("export"));
        Files.writeString(data.resolve("sft.train.jsonl"), SFT_LINE + SFT_LINE);
        Files.writeString(data.resolve("sft.val.jsonl"), SFT_LINE);
        return data;
    }

    private static void assertOneLineError(Result result, String message) {
        assertThat(result.code).as(result.err).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(result.err.strip()).contains(message).doesNotContain("\n");
    }

    private record Result(int code, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 2];
        full[0] = "train";
        full[1] = "prepare";
        System.arraycopy(args, 0, full, 2, args.length);
        int code = commandLine.execute(full);
        return new Result(code, err.toString());
    }
}
