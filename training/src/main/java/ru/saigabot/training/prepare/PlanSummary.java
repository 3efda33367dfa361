package ru.saigabot.training.prepare;

import java.util.LinkedHashMap;
import java.util.Map;
import ru.saigabot.training.export.ExportFormat;

/** {@code plan.json}: the run's figures for scripts, in the same words as the README. */
final class PlanSummary {
    private PlanSummary() {}

    static Map<String, Object> of(RunPlan plan) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("method", plan.method().id());
        tree.put("adapter", plan.adapterName());
        tree.put("base", Map.of("name", plan.base().name(), "weights", plan.base().weights(),
                "template", plan.base().template().orElse("unknown")));
        Map<String, Object> records = new LinkedHashMap<>();
        records.put("train", plan.counts().trainRecords());
        records.put("validation", plan.counts().valRecords());
        if (plan.weights().isPresent()) {
            records.put("liked", plan.counts().liked());
            records.put("disliked", plan.counts().disliked());
        }
        tree.put("records", records);
        plan.weights().ifPresent(w -> {
            Map<String, Object> kto = new LinkedHashMap<>();
            kto.put("desirable_weight", w.desirable());
            kto.put("undesirable_weight", w.undesirable());
            kto.put("weighted_ratio", w.weightedRatio(plan.counts().liked(), plan.counts().disliked()));
            tree.put("kto", kto);
        });
        Hyperparameters h = plan.hyperparameters();
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("lora_r", h.loraR());
        hyper.put("lora_alpha", h.loraAlpha());
        hyper.put("lora_dropout", h.loraDropout());
        hyper.put("target_modules", h.targetModules());
        hyper.put("learning_rate", h.learningRate());
        hyper.put("epochs", h.epochs());
        hyper.put("max_length", h.maxLength());
        hyper.put("batch_size", h.batchSize());
        hyper.put("gradient_accumulation", h.gradientAccumulation());
        if (plan.method() != ExportFormat.SFT) {
            hyper.put("beta", h.beta());
        }
        tree.put("hyperparameters", hyper);
        tree.put("trl", Requirements.TRL);
        tree.put("llama_cpp", Requirements.LLAMA_CPP_TAG);
        return tree;
    }
}
