package ru.saigabot.training.prepare;

import java.util.Optional;
import java.util.regex.Pattern;
import ru.saigabot.training.export.ExportFormat;

/**
 * Everything a run folder is made from.
 *
 * @param adapterName the name the trained adapter gets in {@code saiga-bot adapters add}
 * @param weights KTO's loss weights; empty for SFT and DPO
 */
public record RunPlan(ExportFormat method, BaseModel base, Hyperparameters hyperparameters, DatasetCounts counts,
                      String adapterName, Optional<KtoWeights> weights) {

    private static final Pattern ADAPTER_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");

    public RunPlan {
        if (!ADAPTER_NAME.matcher(adapterName).matches()) {
            throw new PrepareException("adapter name '" + adapterName + "' is invalid; use up to 32 of a-z, 0-9, "
                    + "'.', '_', '-' (the names 'saiga-bot adapters add' accepts)");
        }
        if (weights.isPresent() != (method == ExportFormat.KTO)) {
            throw new IllegalArgumentException("KTO weights belong to KTO runs only");
        }
    }

    public boolean hasValidation() {
        return counts.valRecords() > 0;
    }

    /** The prompt may take at most half of the sequence; the answer gets the rest. */
    public int maxPromptLength() {
        return hyperparameters.maxLength() / 2;
    }
}
