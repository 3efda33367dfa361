package ru.saigabot.training.prepare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import ru.saigabot.training.export.ExportFormat;

/**
 * A trainer config in the format of IlyaGusev's rulm {@code self_instruct} scripts ({@code configs/*.json}
 * read by {@code src/train.py} and {@code src/train_kto.py}): {@code trainer} (Hugging Face TrainingArguments),
 * {@code lora} (PEFT's LoraConfig), the method's own section, the 4-bit switch, the base model and lengths.
 */
final class RulmConfig {
    /** rulm's {@code internal_prompts} files, by our template name; rulm has none for Mistral's format. */
    private static final Map<String, String> TEMPLATE_FILES = Map.of(
            "saiga_v2", "internal_prompts/saiga_v2.json",
            "llama3", "internal_prompts/llama3.json",
            "chatml", "internal_prompts/chatml.json");

    private RulmConfig() {}

    static ObjectNode build(RunPlan plan, ObjectMapper json) {
        Hyperparameters h = plan.hyperparameters();
        ObjectNode root = json.createObjectNode();
        ObjectNode trainer = root.putObject("trainer");
        trainer.put("eval_strategy", plan.hasValidation() ? "steps" : "no");
        trainer.put("per_device_train_batch_size", h.batchSize());
        trainer.put("per_device_eval_batch_size", 1);
        trainer.put("gradient_accumulation_steps", h.gradientAccumulation());
        trainer.put("eval_steps", 16);
        trainer.put("save_steps", 16);
        trainer.put("logging_steps", 1);
        trainer.put("learning_rate", h.learningRate());
        trainer.put("num_train_epochs", h.epochs());
        trainer.put("lr_scheduler_type", "cosine");
        trainer.put("warmup_steps", 16);
        trainer.put("bf16", true);
        trainer.put("fp16", false);
        trainer.put("optim", "paged_adamw_8bit");
        trainer.put("load_best_model_at_end", plan.hasValidation());
        trainer.put("save_total_limit", 1);
        trainer.put("seed", 1337);
        trainer.put("report_to", "none");
        if (plan.method() == ExportFormat.SFT) {
            trainer.put("weight_decay", 0.01);
        } else {
            trainer.put("remove_unused_columns", false);
        }
        ObjectNode lora = root.putObject("lora");
        lora.put("r", h.loraR());
        lora.put("lora_alpha", h.loraAlpha());
        lora.put("lora_dropout", h.loraDropout());
        lora.put("bias", "none");
        ArrayNode modules = lora.putArray("target_modules");
        h.targetModules().forEach(modules::add);
        switch (plan.method()) {
            case KTO -> {
                ObjectNode kto = root.putObject("kto");
                kto.put("beta", h.beta());
                kto.put("desirable_weight", plan.weights().orElseThrow().desirable());
                kto.put("undesirable_weight", plan.weights().orElseThrow().undesirable());
                kto.put("max_prompt_length", plan.maxPromptLength());
                kto.put("max_completion_length", h.maxLength() - plan.maxPromptLength());
                kto.put("max_length", h.maxLength());
            }
            case DPO -> {
                ObjectNode dpo = root.putObject("dpo");
                dpo.put("beta", h.beta());
                dpo.put("max_prompt_length", plan.maxPromptLength());
                dpo.put("max_length", h.maxLength());
            }
            case SFT -> {
                root.put("only_target_loss", true);
                plan.base().template().map(TEMPLATE_FILES::get).ifPresent(path -> root.put("templates_path", path));
            }
        }
        root.put("load_in_8bit", false);
        root.put("load_in_4bit", true);
        root.put("model_name", plan.base().weights());
        root.put("max_seq_length", h.maxLength());
        root.put("max_tokens_count", h.maxLength());
        return root;
    }

    /** Whether rulm can train this plan as it is (its SFT script needs one of its own template files). */
    static boolean hasTemplate(RunPlan plan) {
        return plan.method() != ExportFormat.SFT || plan.base().template().map(TEMPLATE_FILES::containsKey).orElse(false);
    }
}
