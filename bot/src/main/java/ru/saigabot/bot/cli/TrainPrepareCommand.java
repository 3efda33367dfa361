package ru.saigabot.bot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.inference.catalog.CatalogModel;
import ru.saigabot.inference.catalog.ModelCatalog;
import ru.saigabot.training.export.ExportFormat;
import ru.saigabot.training.prepare.BaseModel;
import ru.saigabot.training.prepare.Hyperparameters;
import ru.saigabot.training.prepare.PrepareException;
import ru.saigabot.training.prepare.PrepareRequest;
import ru.saigabot.training.prepare.RunFolder;
import ru.saigabot.training.prepare.RunPlan;

/** {@code saiga-bot train prepare}: a LoRA run folder to copy to a GPU machine, from an exported dataset. */
@Command(name = "prepare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a LoRA training run into RUN: the data, TRL and rulm configs, pinned requirements, "
                + "run.sh (trains and converts the adapter to GGUF) and a README.",
                "Copy RUN to a machine with an NVIDIA GPU and start ./run.sh there."})
final class TrainPrepareCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "A folder written by 'train export'.")
    Path data;

    @Option(names = "--base", required = true, paramLabel = "MODEL",
            description = "The model to train: a catalog name (saiga_llama3_8b…), a Hugging Face repository "
                    + "owner/name, or a local folder with its transformers weights.")
    String base;

    @Option(names = "--method", required = true, paramLabel = "METHOD", description = "sft, kto or dpo.")
    String method;

    @Option(names = "--out", required = true, paramLabel = "RUN", description = "A new folder for the run.")
    Path out;

    @Option(names = "--template", paramLabel = "NAME",
            description = "Chat format of the base model (saiga_v2, llama3, chatml, mistral); catalog models know theirs.")
    String template;

    @Option(names = "--name", paramLabel = "ADAPTER",
            description = "Name of the trained adapter for 'adapters add' (default: the RUN folder's name).")
    String adapterName;

    @Option(names = "--lora-r", paramLabel = "R", description = "LoRA rank (default: 32 for sft, 64 for kto and dpo).")
    Integer loraR;

    @Option(names = "--learning-rate", paramLabel = "RATE", description = "Learning rate (default: per method).")
    Double learningRate;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: 3).")
    Integer epochs;

    @Option(names = "--max-length", paramLabel = "TOKENS", description = "Longest training sequence (default: 4096).")
    Integer maxLength;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            ExportFormat format = method();
            Hyperparameters hyperparameters = Hyperparameters.defaults(format).with(loraR, learningRate, epochs, maxLength);
            PrepareRequest request = new PrepareRequest(data, format, baseModel(), hyperparameters,
                    Optional.ofNullable(adapterName), out);
            RunFolder runs = new RunFolder(new ObjectMapper(), Clock.systemUTC());
            RunPlan plan = runs.plan(request);
            runs.write(plan, data, out);
            report(plan);
            return ExitCodes.OK;
        } catch (PrepareException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private ExportFormat method() {
        try {
            return ExportFormat.valueOf(method.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--method must be sft, kto or dpo, not '" + method + "'", e);
        }
    }

    /** A catalog name, a Hugging Face repository or a local folder, in that order. */
    BaseModel baseModel() {
        ModelCatalog catalog = ModelCatalog.builtIn();
        Optional<CatalogModel> known = catalog.find(base);
        if (known.isPresent()) {
            CatalogModel model = known.get();
            String weights = model.trainingRepository().orElseThrow(() -> new ConfigException(base
                    + " has no published transformers weights to train on (it was released as a LoRA adapter on "
                    + "another model); give them as --base OWNER/NAME or a local folder, with --template "
                    + model.template()));
            return new BaseModel(model.name(), weights, Optional.of(template == null ? model.template() : template));
        }
        Path folder = Path.of(base);
        if (Files.isDirectory(folder)) {
            if (!Files.isRegularFile(folder.resolve("config.json"))) {
                throw new ConfigException("--base " + base + " is a folder without config.json; give the folder of a "
                        + "model's transformers weights (not a .gguf file)");
            }
            return new BaseModel(folder.getFileName().toString(), folder.toAbsolutePath().normalize().toString(),
                    Optional.ofNullable(template));
        }
        if (base.endsWith(".gguf")) {
            throw new ConfigException("--base " + base + " is a GGUF file; LoRA training needs the model's transformers "
                    + "weights: a catalog name (" + String.join(", ", catalog.names()) + "), owner/name on Hugging "
                    + "Face, or a local folder");
        }
        BaseModel model = new BaseModel(base.substring(base.indexOf('/') + 1), base, Optional.ofNullable(template));
        if (!model.onHub()) {
            throw new ConfigException("--base " + base + " is not a catalog model (" + String.join(", ", catalog.names())
                    + "), a Hugging Face repository owner/name, or an existing folder");
        }
        return model;
    }

    private void report(RunPlan plan) {
        var console = spec.commandLine().getOut();
        console.printf("Run folder: %s%n", out.toAbsolutePath().normalize());
        console.printf("  %s on %s: %d training and %d validation records%n", plan.method().id(), plan.base().weights(),
                plan.counts().trainRecords(), plan.counts().valRecords());
        plan.weights().ifPresent(w -> console.printf("  %d liked, %d disliked: desirable_weight %s, undesirable_weight %s%n",
                plan.counts().liked(), plan.counts().disliked(), w.desirable(), w.undesirable()));
        console.printf("  adapter name: %s%n", plan.adapterName());
        console.println("Copy the folder to a machine with an NVIDIA GPU and run ./run.sh there (see its README.md).");
        console.flush();
    }
}
