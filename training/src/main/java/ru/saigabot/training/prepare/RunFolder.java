package ru.saigabot.training.prepare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import ru.saigabot.training.export.ExportFormat;

/**
 * Writes a LoRA run folder: the exported data of one method, trainer configs for TRL and rulm, a pinned
 * requirements file, {@code run.sh} and a README. The folder is built under a temporary name beside the
 * target and renamed at the end, so a failure never leaves a half-written run that looks complete.
 */
public final class RunFolder {
    static final String ADAPTER_DIR = "output/adapter";

    private final ObjectMapper json;
    private final Clock clock;

    public RunFolder(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** Reads and checks the data, and settles the weights and the adapter's name. */
    public RunPlan plan(PrepareRequest request) {
        if (!Files.isDirectory(request.dataDir())) {
            throw new PrepareException("--data " + request.dataDir() + " is not a folder; give the --out folder of "
                    + "'saiga-bot train export'");
        }
        DatasetCounts counts = DatasetCounts.read(request.dataDir(), request.method(), json);
        Optional<KtoWeights> weights = request.method() == ExportFormat.KTO
                ? Optional.of(KtoWeights.balance(counts.liked(), counts.disliked()))
                : Optional.empty();
        String name = request.adapterName().orElseGet(() -> defaultName(request));
        return new RunPlan(request.method(), request.base(), request.hyperparameters(), counts, name, weights);
    }

    /** Writes the folder for {@code plan} at {@code out}, which must not exist or be empty. */
    public void write(RunPlan plan, Path dataDir, Path out) {
        Path target = out.toAbsolutePath().normalize();
        requireFree(target);
        Path staging = target.resolveSibling("." + target.getFileName() + ".preparing");
        try {
            deleteTree(staging);
            Files.createDirectories(staging);
            writeData(plan, dataDir, staging);
            writeConfigs(plan, staging);
            writeScript(plan, staging);
            Files.writeString(staging.resolve("README.md"), RunReadme.render(plan, dataDir, target, clock),
                    StandardCharsets.UTF_8);
            Files.deleteIfExists(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PrepareException("cannot write the run folder " + target + ": " + e.getMessage()
                    + "; check the disk and the folder's permissions", e);
        } finally {
            try {
                deleteTree(staging);
            } catch (IOException e) {
                // The run is already in place or the failure above is reported; a leftover staging folder only
                // wastes space, and the next prepare of the same folder deletes it.
                System.getLogger(RunFolder.class.getName()).log(System.Logger.Level.WARNING,
                        "could not delete " + staging + ": " + e.getMessage());
            }
        }
    }

    private void writeData(RunPlan plan, Path dataDir, Path run) throws IOException {
        Path data = Files.createDirectories(run.resolve("data"));
        Files.copy(dataDir.resolve(plan.method().fileName(true)), data.resolve("train.jsonl"));
        Path val = dataDir.resolve(plan.method().fileName(false));
        if (Files.exists(val)) {
            Files.copy(val, data.resolve("validation.jsonl"));
        } else {
            Files.createFile(data.resolve("validation.jsonl"));
        }
        StringBuilder card = new StringBuilder("---\nconfigs:\n- config_name: default\n  data_files:\n")
                .append("  - split: train\n    path: train.jsonl\n");
        if (plan.hasValidation()) {
            card.append("  - split: validation\n    path: validation.jsonl\n");
        }
        card.append("---\n\n").append(plan.method().id().toUpperCase(Locale.ROOT))
                .append(" records exported by saiga-bot; see ../dataset.md.\n");
        Files.writeString(data.resolve("README.md"), card, StandardCharsets.UTF_8);
        for (String file : new String[] {"dataset.md", "stats.json"}) {
            if (Files.exists(dataDir.resolve(file))) {
                Files.copy(dataDir.resolve(file), run.resolve(file));
            }
        }
    }

    private void writeConfigs(RunPlan plan, Path run) throws IOException {
        ObjectMapper pretty = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
        Files.createDirectories(run.resolve("trl"));
        Files.writeString(run.resolve("trl/config.yaml"), TrlConfig.build(plan), StandardCharsets.UTF_8);
        Files.createDirectories(run.resolve("rulm"));
        Files.writeString(run.resolve("rulm/config.json"),
                pretty.writeValueAsString(RulmConfig.build(plan, json)) + "\n", StandardCharsets.UTF_8);
        Files.writeString(run.resolve("requirements.txt"), Requirements.file(), StandardCharsets.UTF_8);
        Files.writeString(run.resolve("plan.json"), pretty.writeValueAsString(PlanSummary.of(plan)) + "\n",
                StandardCharsets.UTF_8);
    }

    private void writeScript(RunPlan plan, Path run) throws IOException {
        Path script = run.resolve("run.sh");
        Files.writeString(script, RunScript.render(plan), StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the README's "./run.sh" works after the copy to Linux with bash.
            System.getLogger(RunFolder.class.getName()).log(System.Logger.Level.DEBUG, "run.sh left without mode bits");
        }
    }

    private String defaultName(PrepareRequest request) {
        String folder = request.out().toAbsolutePath().normalize().getFileName().toString().toLowerCase(Locale.ROOT);
        if (folder.matches("[a-z0-9][a-z0-9._-]{0,31}")) {
            return folder;
        }
        return request.method().id() + "-" + LocalDate.now(clock).format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    private static void requireFree(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new PrepareException("--out " + target + " is a file; give a new folder for the run");
        }
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw new PrepareException("--out " + target + " already holds files; give a new folder for the run "
                        + "(a finished run is never overwritten)");
            }
        } catch (IOException e) {
            throw new PrepareException("cannot read --out " + target + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static String resource(String name) {
        try (InputStream in = RunFolder.class.getResourceAsStream("/prepare/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource /prepare/" + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
