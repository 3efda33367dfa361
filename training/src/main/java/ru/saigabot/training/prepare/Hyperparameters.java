package ru.saigabot.training.prepare;

import java.util.List;
import ru.saigabot.training.export.ExportFormat;

/**
 * The LoRA and optimiser settings of a run, written into both trainer configs. The defaults follow the
 * published Saiga configs (rulm's {@code saiga_llama3_8b.json} for SFT, {@code saiga_kto.json} for KTO): a
 * 4-bit base, LoRA on every attention and MLP projection, an effective batch of 128 sequences.
 *
 * @param beta the preference loss temperature (KTO, DPO); unused for SFT
 */
public record Hyperparameters(int loraR, int loraAlpha, double loraDropout, List<String> targetModules,
                              double learningRate, int epochs, int maxLength, int batchSize,
                              int gradientAccumulation, double beta) {

    /** The projections of Llama-style blocks (Llama-3, Mistral, Nemo, YandexGPT all name them so). */
    public static final List<String> LLAMA_PROJECTIONS =
            List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

    public Hyperparameters {
        targetModules = List.copyOf(targetModules);
        check(loraR >= 1 && loraR <= 1024, "--lora-r must be 1..1024, got " + loraR);
        check(loraAlpha >= 1, "--lora-alpha must be positive, got " + loraAlpha);
        check(loraDropout >= 0 && loraDropout < 1, "LoRA dropout must be in [0, 1), got " + loraDropout);
        check(!targetModules.isEmpty(), "LoRA needs at least one target module");
        check(learningRate > 0 && learningRate < 1, "--learning-rate must be in (0, 1), got " + learningRate);
        check(epochs >= 1 && epochs <= 100, "--epochs must be 1..100, got " + epochs);
        check(maxLength >= 256, "--max-length must be at least 256 tokens, got " + maxLength);
        check(batchSize >= 1 && gradientAccumulation >= 1, "batch size and gradient accumulation must be positive");
        check(beta > 0, "beta must be positive, got " + beta);
    }

    public static Hyperparameters defaults(ExportFormat method) {
        return switch (method) {
            case SFT -> new Hyperparameters(32, 16, 0.0, LLAMA_PROJECTIONS, 4e-4, 3, 4096, 2, 64, 0.1);
            // Preference methods start from the already tuned Saiga: a lower rate, beta as in rulm's KTO config.
            // KTO estimates its KL term from the other records of a batch, so TRL wants 2 or more per device.
            case KTO -> new Hyperparameters(64, 16, 0.0, LLAMA_PROJECTIONS, 6e-5, 3, 4096, 2, 64, 0.2);
            case DPO -> new Hyperparameters(64, 16, 0.0, LLAMA_PROJECTIONS, 5e-6, 3, 4096, 1, 128, 0.1);
        };
    }

    public Hyperparameters with(Integer r, Double rate, Integer epochCount, Integer length) {
        return new Hyperparameters(r == null ? loraR : r, loraAlpha, loraDropout, targetModules,
                rate == null ? learningRate : rate, epochCount == null ? epochs : epochCount,
                length == null ? maxLength : length, batchSize, gradientAccumulation, beta);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new PrepareException(message);
        }
    }
}
