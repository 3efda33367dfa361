package ru.saigabot.training.prepare;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import ru.saigabot.training.export.ExportFormat;

/** The run folder's README: what is in it, the settings, the steps and the hardware. */
final class RunReadme {
    private RunReadme() {}

    static String render(RunPlan plan, Path dataDir, Path target, Clock clock) {
        Hyperparameters h = plan.hyperparameters();
        Map<String, String> values = new HashMap<>();
        values.put("METHOD", plan.method().id());
        values.put("METHOD_UPPER", plan.method().id().toUpperCase(Locale.ROOT));
        values.put("ADAPTER", plan.adapterName());
        values.put("BASE_NAME", plan.base().name());
        values.put("CREATED", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        values.put("TRAIN_RECORDS", Long.toString(plan.counts().trainRecords()));
        values.put("VAL_RECORDS", Long.toString(plan.counts().valRecords()));
        values.put("DATA_DIR", dataDir.toAbsolutePath().normalize().toString());
        values.put("TRL_VERSION", Requirements.TRL);
        values.put("LLAMA_CPP_TAG", Requirements.LLAMA_CPP_TAG);
        values.put("BASE_WEIGHTS_PLAIN", plan.base().weights());
        values.put("BASE_WHERE", plan.base().onHub() ? "downloaded from Hugging Face by the trainer"
                : "a local folder: it must exist at this path on the GPU machine");
        values.put("LORA_R", Integer.toString(h.loraR()));
        values.put("LORA_ALPHA", Integer.toString(h.loraAlpha()));
        values.put("LORA_DROPOUT", Double.toString(h.loraDropout()));
        values.put("TARGET_MODULES", h.targetModules().stream().map(m -> "`" + m + "`").collect(Collectors.joining(", ")));
        values.put("LEARNING_RATE", Double.toString(h.learningRate()));
        values.put("EPOCHS", Integer.toString(h.epochs()));
        values.put("BATCH", Integer.toString(h.batchSize()));
        values.put("ACCUMULATION", Integer.toString(h.gradientAccumulation()));
        values.put("EFFECTIVE_BATCH", Integer.toString(h.batchSize() * h.gradientAccumulation()));
        values.put("MAX_LENGTH", Integer.toString(h.maxLength()));
        values.put("METHOD_NOTES", methodNotes(plan));
        values.put("RUN_NAME", target.getFileName().toString());
        values.put("ADAPTER_DIR", RunFolder.ADAPTER_DIR);
        values.put("RULM_NOTE", rulmNote(plan));
        return Template.fill(RunFolder.resource("README.md.template"), values);
    }

    private static String methodNotes(RunPlan plan) {
        Hyperparameters h = plan.hyperparameters();
        return switch (plan.method()) {
            case SFT -> "- SFT on conversations that end in a liked answer; the loss counts the answers.\n";
            case KTO -> {
                KtoWeights w = plan.weights().orElseThrow();
                yield "- KTO, beta = " + h.beta() + ". The training file has " + plan.counts().liked() + " liked and "
                        + plan.counts().disliked() + " disliked answers; desirable_weight = " + w.desirable()
                        + " and undesirable_weight = " + w.undesirable() + " make the weighted ratio "
                        + String.format(Locale.ROOT, "%.3f", w.weightedRatio(plan.counts().liked(), plan.counts().disliked()))
                        + ", inside the 1:1 to 4:3 TRL recommends.\n";
            }
            case DPO -> "- DPO, beta = " + h.beta() + ", on pairs of answers to the same prompt (regenerations, edited "
                    + "questions, side-by-side votes).\n";
        };
    }

    private static String rulmNote(RunPlan plan) {
        if (plan.method() != ExportFormat.SFT) {
            return "rulm cannot train this run as it is: its KTO script (`src/train_kto.py`) reads paired records, and "
                    + "it has no DPO script; `rulm/config.json` keeps the settings in its format for reference.";
        }
        if (!RulmConfig.hasTemplate(plan)) {
            return "rulm has no prompt template for this model's chat format, so only TRL (which uses the "
                    + "tokenizer's own chat template) can train it.";
        }
        return "rulm's `src/train.py` reads `data/train.jsonl` as it is (it maps the `assistant` role to its bot role).";
    }
}
