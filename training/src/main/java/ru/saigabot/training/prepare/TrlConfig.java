package ru.saigabot.training.prepare;

import java.util.stream.Collectors;

/**
 * The same run for Hugging Face TRL's command line ({@code trl sft|kto|dpo --config trl/config.yaml}): one
 * YAML mapping of TRL's ScriptArguments, ModelConfig (the LoRA and 4-bit settings) and the method's config
 * class. Written by hand: flat keys, and every string quoted as JSON, which YAML reads as the same string.
 */
final class TrlConfig {
    private TrlConfig() {}

    static String build(RunPlan plan) {
        Hyperparameters h = plan.hyperparameters();
        StringBuilder yaml = new StringBuilder();
        yaml.append("# ").append(plan.method().id()).append(" run made by 'saiga-bot train prepare' for TRL ")
                .append(Requirements.TRL).append(": trl ").append(plan.method().id()).append(" --config trl/config.yaml\n");
        string(yaml, "model_name_or_path", plan.base().weights());
        string(yaml, "dataset_name", "data");
        string(yaml, "dataset_train_split", "train");
        string(yaml, "dataset_test_split", "validation");
        string(yaml, "output_dir", RunFolder.ADAPTER_DIR);
        yaml.append("# LoRA on a 4-bit base (QLoRA)\n");
        value(yaml, "use_peft", "true");
        value(yaml, "lora_r", h.loraR());
        value(yaml, "lora_alpha", h.loraAlpha());
        value(yaml, "lora_dropout", h.loraDropout());
        value(yaml, "lora_target_modules", h.targetModules().stream().map(TrlConfig::quote)
                .collect(Collectors.joining(", ", "[", "]")));
        value(yaml, "load_in_4bit", "true");
        string(yaml, "bnb_4bit_quant_type", "nf4");
        value(yaml, "use_bnb_nested_quant", "true");
        string(yaml, "torch_dtype", "bfloat16");
        value(yaml, "bf16", "true");
        value(yaml, "gradient_checkpointing", "true");
        yaml.append("# optimisation\n");
        value(yaml, "learning_rate", h.learningRate());
        value(yaml, "num_train_epochs", h.epochs());
        value(yaml, "per_device_train_batch_size", h.batchSize());
        value(yaml, "per_device_eval_batch_size", 1);
        value(yaml, "gradient_accumulation_steps", h.gradientAccumulation());
        string(yaml, "lr_scheduler_type", "cosine");
        value(yaml, "warmup_ratio", 0.03);
        string(yaml, "optim", "paged_adamw_8bit");
        value(yaml, "seed", 1337);
        value(yaml, "logging_steps", 1);
        string(yaml, "eval_strategy", plan.hasValidation() ? "steps" : "no");
        if (plan.hasValidation()) {
            value(yaml, "eval_steps", 16);
        }
        string(yaml, "save_strategy", "steps");
        value(yaml, "save_steps", 16);
        value(yaml, "save_total_limit", 1);
        value(yaml, "report_to", "[]");
        value(yaml, "max_length", h.maxLength());
        switch (plan.method()) {
            case SFT -> value(yaml, "weight_decay", 0.01);
            case KTO -> {
                yaml.append("# KTO: weights balance the ").append(plan.counts().liked()).append(" liked and ")
                        .append(plan.counts().disliked()).append(" disliked answers to a ratio between 1:1 and 4:3\n");
                value(yaml, "beta", h.beta());
                value(yaml, "desirable_weight", plan.weights().orElseThrow().desirable());
                value(yaml, "undesirable_weight", plan.weights().orElseThrow().undesirable());
                value(yaml, "max_prompt_length", plan.maxPromptLength());
                value(yaml, "max_completion_length", h.maxLength() - plan.maxPromptLength());
            }
            case DPO -> {
                value(yaml, "beta", h.beta());
                value(yaml, "max_prompt_length", plan.maxPromptLength());
            }
        }
        return yaml.toString();
    }

    private static void string(StringBuilder yaml, String key, String text) {
        value(yaml, key, quote(text));
    }

    private static void value(StringBuilder yaml, String key, Object value) {
        yaml.append(key).append(": ").append(value).append('\n');
    }

    /** A JSON string literal: valid YAML, and safe for any path or name. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
