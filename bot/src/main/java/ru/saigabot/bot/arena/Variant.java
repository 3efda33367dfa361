package ru.saigabot.bot.arena;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import ru.saigabot.inference.GenerationParams;

/**
 * One side of an arena comparison: a model (a catalog name or a {@code .gguf} path), optionally a registered
 * LoRA adapter, and optionally generation parameters that differ from the defaults. Written
 * {@code MODEL[+ADAPTER][@key=value,...]}; {@link VariantParser} reads that, {@link #spec()} writes it back in
 * one canonical spelling (parameters in a fixed order), which is how a variant is stored and reported.
 *
 * @param adapter the registered adapter's name, or null for the base model
 */
public record Variant(String model, String adapter, Overrides params) {

    public Variant {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(params, "params");
    }

    /** The canonical spelling: {@code model+adapter@temperature=0.2,top_p=0.9}. */
    public String spec() {
        StringBuilder text = new StringBuilder(model);
        if (adapter != null) {
            text.append('+').append(adapter);
        }
        List<String> set = params.describe();
        if (!set.isEmpty()) {
            text.append('@').append(String.join(",", set));
        }
        return text.toString();
    }

    /** The parameters of a request for this variant: {@code base} with the variant's own values applied. */
    public GenerationParams apply(GenerationParams base) {
        return params.apply(base);
    }

    @Override
    public String toString() {
        return spec();
    }

    /**
     * Generation parameters a variant sets; null keeps the caller's value. The keys are the ones /params and
     * the stored answers use ({@code temperature}, {@code top_p}, ...).
     */
    public record Overrides(Double temperature, Double topP, Integer topK, Double minP, Double repeatPenalty,
                            Integer maxTokens, Long seed) {
        public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null);

        /** The keys accepted after '@', in the order {@link #spec()} writes them. */
        public static final List<String> KEYS = List.of("temperature", "top_p", "top_k", "min_p", "repeat_penalty",
                "max_tokens", "seed");

        public Overrides {
            // The inference module's own ranges and messages: a bad value is refused here, not by llama.cpp.
            // (The parameters, not the fields: those are assigned only after this body.)
            merge(GenerationParams.DEFAULTS, temperature, topP, topK, minP, repeatPenalty, maxTokens, seed);
        }

        public GenerationParams apply(GenerationParams base) {
            return merge(base, temperature, topP, topK, minP, repeatPenalty, maxTokens, seed);
        }

        private static GenerationParams merge(GenerationParams base, Double temperature, Double topP, Integer topK,
                                              Double minP, Double repeatPenalty, Integer maxTokens, Long seed) {
            return new GenerationParams(
                    temperature != null ? temperature : base.temperature(),
                    topP != null ? topP : base.topP(),
                    topK != null ? topK : base.topK(),
                    minP != null ? minP : base.minP(),
                    repeatPenalty != null ? repeatPenalty : base.repeatPenalty(),
                    maxTokens != null ? maxTokens : base.maxTokens(),
                    seed != null ? seed : base.seed());
        }

        List<String> describe() {
            List<Object> values = new ArrayList<>();
            values.add(temperature);
            values.add(topP);
            values.add(topK);
            values.add(minP);
            values.add(repeatPenalty);
            values.add(maxTokens);
            values.add(seed);
            List<String> set = new ArrayList<>();
            for (int i = 0; i < KEYS.size(); i++) {
                Object value = values.get(i);
                if (value != null) {
                    set.add(KEYS.get(i) + "=" + number(value));
                }
            }
            return set;
        }

        private static String number(Object value) {
            if (value instanceof Double d) {
                return new BigDecimal(d.toString()).stripTrailingZeros().toPlainString();
            }
            return value.toString();
        }
    }
}
