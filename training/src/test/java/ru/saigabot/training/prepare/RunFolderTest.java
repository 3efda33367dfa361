package ru.saigabot.training.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.training.export.ExportFormat;

class RunFolderTest {
    private static final String SYSTEM = "{\"role\":\"system\",\"content\":\"Ты — Сайга.\"}";
    private static final String USER = "{\"role\":\"user\",\"content\":\"Привет\"}";
    private static final String ANSWER = "[{\"role\":\"assistant\",\"content\":\"Здравствуйте!\"}]";
    private static final BaseModel LLAMA3 = new BaseModel("saiga_llama3_8b", "IlyaGusev/saiga_llama3_8b", Optional.of("llama3"));

    private final ObjectMapper json = new ObjectMapper();
    private final RunFolder runs = new RunFolder(json,
            Clock.fixed(Instant.parse("2026-11-28T10:15:30Z"), ZoneOffset.UTC));

    @TempDir
    Path dir;

    @Test
    void ktoRunCarriesTheDataAndWeightsFromTheRealCounts() throws Exception {
        Path data = export(ExportFormat.KTO, kto(true, 9, false, 3), kto(true, 1, false, 1));
        Path run = dir.resolve("kto-nov");

        RunPlan plan = runs.plan(request(data, ExportFormat.KTO, run));
        runs.write(plan, data, run);

        assertThat(plan.adapterName()).isEqualTo("kto-nov");
        assertThat(plan.counts()).isEqualTo(new DatasetCounts(12, 2, 9, 3));
        assertThat(Files.readString(run.resolve("data/train.jsonl")))
                .isEqualTo(Files.readString(data.resolve("kto.train.jsonl")));
        assertThat(Files.readAllLines(run.resolve("data/validation.jsonl"))).hasSize(2);
        assertThat(Files.readString(run.resolve("dataset.md"))).isEqualTo("# card\n");

        JsonNode trl = new YAMLMapper().readTree(run.resolve("trl/config.yaml").toFile());
        assertThat(trl.get("model_name_or_path").asText()).isEqualTo("IlyaGusev/saiga_llama3_8b");
        assertThat(trl.get("dataset_name").asText()).isEqualTo("data");
        assertThat(trl.get("use_peft").asBoolean()).isTrue();
        assertThat(trl.get("lora_r").asInt()).isEqualTo(64);
        assertThat(trl.get("lora_target_modules")).hasSize(7);
        // 9 👍 : 3 👎 = 3.0 → undesirable_weight 3.0 → weighted 1:1
        assertThat(trl.get("desirable_weight").asDouble()).isEqualTo(1.0);
        assertThat(trl.get("undesirable_weight").asDouble()).isEqualTo(3.0);
        assertThat(trl.get("per_device_train_batch_size").asInt()).as("KTO's KL term needs 2 or more")
                .isGreaterThan(1);
        assertThat(trl.get("eval_strategy").asText()).isEqualTo("steps");

        JsonNode rulm = json.readTree(run.resolve("rulm/config.json").toFile());
        assertThat(rulm.at("/kto/desirable_weight").asDouble()).isEqualTo(1.0);
        assertThat(rulm.at("/kto/undesirable_weight").asDouble()).isEqualTo(3.0);
        assertThat(rulm.at("/lora/r").asInt()).isEqualTo(64);
        assertThat(rulm.at("/lora/lora_alpha").asInt()).isEqualTo(16);
        assertThat(rulm.at("/trainer/learning_rate").asDouble()).isEqualTo(6e-5);
        assertThat(rulm.get("model_name").asText()).isEqualTo("IlyaGusev/saiga_llama3_8b");
        assertThat(rulm.get("load_in_4bit").asBoolean()).isTrue();

        JsonNode planJson = json.readTree(run.resolve("plan.json").toFile());
        assertThat(planJson.at("/kto/weighted_ratio").asDouble()).isEqualTo(1.0);
        assertThat(Files.readString(run.resolve("requirements.txt"))).contains("trl==0.19.1").contains("peft==");
        assertThat(Files.getPosixFilePermissions(run.resolve("run.sh"))).contains(PosixFilePermission.OWNER_EXECUTE);
        String readme = Files.readString(run.resolve("README.md"));
        assertThat(readme).contains("9 liked and 3 disliked").contains("undesirable_weight = 3.0")
                .contains("saiga-bot adapters add kto-nov").doesNotContain("{{");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).as("no staging folder left")
                .containsExactlyInAnyOrder("export", "kto-nov");
    }

    @Test
    void sftRunUsesRulmsTemplateFileAndNoValidationWhenThereIsNone() throws Exception {
        Path data = export(ExportFormat.SFT, List.of(sft(), sft()), List.of());
        Path run = dir.resolve("Run 1");

        RunPlan plan = runs.plan(request(data, ExportFormat.SFT, run));
        runs.write(plan, data, run);

        assertThat(plan.adapterName()).as("folder name not a valid adapter name").isEqualTo("sft-20261128");
        JsonNode rulm = json.readTree(run.resolve("rulm/config.json").toFile());
        assertThat(rulm.get("templates_path").asText()).isEqualTo("internal_prompts/llama3.json");
        assertThat(rulm.get("only_target_loss").asBoolean()).isTrue();
        assertThat(rulm.at("/trainer/eval_strategy").asText()).isEqualTo("no");
        JsonNode trl = new YAMLMapper().readTree(run.resolve("trl/config.yaml").toFile());
        assertThat(trl.get("eval_strategy").asText()).isEqualTo("no");
        assertThat(trl.has("desirable_weight")).isFalse();
        assertThat(Files.readString(run.resolve("data/README.md"))).contains("split: train")
                .doesNotContain("split: validation");
    }

    @Test
    void runScriptTrainsWithTrlAndConvertsWithLlamaCpp() throws Exception {
        Path data = export(ExportFormat.DPO, List.of(dpo()), List.of(dpo()));
        Path run = dir.resolve("dpo-run");
        runs.write(runs.plan(request(data, ExportFormat.DPO, run)), data, run);

        Process syntax = new ProcessBuilder("bash", "-n", "run.sh").directory(run.toFile()).redirectErrorStream(true).start();
        assertThat(syntax.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(syntax.exitValue()).as(new String(syntax.getInputStream().readAllBytes())).isZero();

        String commands = dryRun(run, "trl");
        assertThat(commands).contains("+ .venv/bin/pip install --quiet -r requirements.txt")
                .contains("+ .venv/bin/trl dpo --config trl/config.yaml")
                .contains("git clone --quiet --depth 1 --branch b4916")
                .contains("huggingface-cli download IlyaGusev/saiga_llama3_8b config.json --local-dir base-config")
                .contains("llama.cpp/convert_lora_to_gguf.py --base base-config --outtype f16 --outfile "
                        + "adapter-dpo-run.gguf output/adapter")
                .contains("saiga-bot adapters add dpo-run --file adapter-dpo-run.gguf");
        assertThat(dryRunFailure(run, "rulm")).contains("no DPO script");
    }

    @Test
    void rulmSftCommandRunsFromTheRulmCheckout() throws Exception {
        Path data = export(ExportFormat.SFT, List.of(sft()), List.of(sft()));
        Path run = dir.resolve("sft-run");
        runs.write(runs.plan(request(data, ExportFormat.SFT, run)), data, run);

        ProcessBuilder builder = new ProcessBuilder("bash", "run.sh").directory(run.toFile()).redirectErrorStream(true);
        builder.environment().put("DRY_RUN", "1");
        builder.environment().put("TRAINER", "rulm");
        builder.environment().put("RULM_DIR", dir.toString());
        String out = output(builder.start());
        assertThat(out).contains("-m src.train --config-file " + run.toAbsolutePath() + "/rulm/config.json")
                .contains("--train-file " + run.toAbsolutePath() + "/data/train.jsonl");
    }

    @Test
    void aLocalBaseFolderIsUsedAsItIs() throws Exception {
        Path data = export(ExportFormat.SFT, List.of(sft()), List.of());
        Path run = dir.resolve("local");
        BaseModel local = new BaseModel("my-model", "/models/my model's hf", Optional.empty());
        runs.write(runs.plan(new PrepareRequest(data, ExportFormat.SFT, local,
                Hyperparameters.defaults(ExportFormat.SFT), Optional.empty(), run)), data, run);

        assertThat(local.onHub()).isFalse();
        assertThat(dryRun(run, "trl")).doesNotContain("huggingface-cli")
                .contains("--base /models/my model's hf --outtype f16");
        assertThat(json.readTree(run.resolve("rulm/config.json").toFile()).has("templates_path")).isFalse();
        assertThat(dryRunFailure(run, "rulm")).contains("rulm has no prompt template");
    }

    @Test
    void wrongDataOrAnOccupiedFolderIsRefusedClearly() throws Exception {
        Path data = export(ExportFormat.SFT, List.of(sft()), List.of());
        assertThatThrownBy(() -> runs.plan(request(data, ExportFormat.KTO, dir.resolve("r"))))
                .isInstanceOf(PrepareException.class).hasMessageContaining("kto.train.jsonl is missing");

        Files.writeString(data.resolve("dpo.train.jsonl"), "{\"messages\": []}\n");
        assertThatThrownBy(() -> runs.plan(request(data, ExportFormat.DPO, dir.resolve("r"))))
                .isInstanceOf(PrepareException.class).hasMessageContaining("line 1 is not a dpo record (no \"prompt\"");

        Files.writeString(data.resolve("dpo.train.jsonl"), "{\"prompt\": [\n");
        assertThatThrownBy(() -> runs.plan(request(data, ExportFormat.DPO, dir.resolve("r"))))
                .isInstanceOf(PrepareException.class).hasMessageContaining("line 1 is not JSON");

        Files.writeString(data.resolve("kto.train.jsonl"), "");
        assertThatThrownBy(() -> runs.plan(request(data, ExportFormat.KTO, dir.resolve("r"))))
                .isInstanceOf(PrepareException.class).hasMessageContaining("has no records");

        Path occupied = Files.createDirectories(dir.resolve("occupied"));
        Files.writeString(occupied.resolve("keep.txt"), "mine");
        RunPlan plan = runs.plan(request(data, ExportFormat.SFT, occupied));
        assertThatThrownBy(() -> runs.write(plan, data, occupied)).isInstanceOf(PrepareException.class)
                .hasMessageContaining("already holds files");
        assertThat(Files.readString(occupied.resolve("keep.txt"))).isEqualTo("mine");
    }

    private PrepareRequest request(Path data, ExportFormat method, Path out) {
        return new PrepareRequest(data, method, LLAMA3, Hyperparameters.defaults(method), Optional.empty(), out);
    }

    private Path export(ExportFormat format, List<String> train, List<String> val) throws IOException {
        Path data = Files.createDirectories(dir.resolve("export"));
        Files.write(data.resolve(format.fileName(true)), train, StandardCharsets.UTF_8);
        Files.write(data.resolve(format.fileName(false)), val, StandardCharsets.UTF_8);
        Files.writeString(data.resolve("dataset.md"), "# card\n");
        Files.writeString(data.resolve("stats.json"), "{}\n");
        return data;
    }

    private Path export(ExportFormat format, KtoLines train, KtoLines val) throws IOException {
        return export(format, train.lines(), val.lines());
    }

    private record KtoLines(List<String> lines) {}

    private static KtoLines kto(boolean first, int firstCount, boolean second, int secondCount) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < firstCount; i++) {
            lines.add(ktoLine(first));
        }
        for (int i = 0; i < secondCount; i++) {
            lines.add(ktoLine(second));
        }
        return new KtoLines(lines);
    }

    private static String ktoLine(boolean label) {
        return "{\"prompt\":[" + SYSTEM + "," + USER + "],\"completion\":" + ANSWER + ",\"label\":" + label + "}";
    }

    private static String sft() {
        return "{\"messages\":[" + SYSTEM + "," + USER + "," + ANSWER.substring(1, ANSWER.length() - 1) + "]}";
    }

    private static String dpo() {
        return "{\"prompt\":[" + SYSTEM + "," + USER + "],\"chosen\":" + ANSWER + ",\"rejected\":"
                + "[{\"role\":\"assistant\",\"content\":\"Нет.\"}]}";
    }

    private static String dryRun(Path run, String trainer) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "run.sh").directory(run.toFile()).redirectErrorStream(true);
        builder.environment().put("DRY_RUN", "1");
        builder.environment().put("TRAINER", trainer);
        Process process = builder.start();
        String out = output(process);
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    private static String dryRunFailure(Path run, String trainer) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "run.sh").directory(run.toFile()).redirectErrorStream(true);
        builder.environment().put("DRY_RUN", "1");
        builder.environment().put("TRAINER", trainer);
        builder.environment().put("RULM_DIR", run.toString());
        Process process = builder.start();
        String out = output(process);
        assertThat(process.exitValue()).as(out).isEqualTo(2);
        return out;
    }

    private static String output(Process process) throws Exception {
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
