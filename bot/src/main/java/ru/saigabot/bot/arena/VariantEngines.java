package ru.saigabot.bot.arena;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.models.ServedModels;
import ru.saigabot.bot.store.AdapterStore.Adapter;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.LoraScale;
import ru.saigabot.inference.catalog.ModelCatalog;
import ru.saigabot.inference.llama.LlamaEngineConfig;
import ru.saigabot.inference.llama.LoraAdapterFile;

/**
 * The engines that answer for a set of variants: one per model file (variants of one model share it, with their
 * parameters and adapters applied per request), loaded with the adapters its variants name.
 */
public final class VariantEngines implements AutoCloseable {

    /** A variant with its model file and its registered adapter found. */
    public record Resolved(Variant variant, Path modelFile, Optional<Adapter> adapter) {}

    /** How to load each model: slots, threads, context and chat template, as for `run`. */
    public record EngineSettings(int slots, int threads, int ctxSize, String template) {}

    private final Map<Path, InferenceEngine> engines;
    private final Map<Variant, Resolved> resolved;

    private VariantEngines(Map<Path, InferenceEngine> engines, Map<Variant, Resolved> resolved) {
        this.engines = engines;
        this.resolved = resolved;
    }

    /** Finds a variant's model file (a catalog model must be downloaded) and its adapter (registered for it). */
    public static Resolved resolve(Variant variant, ModelCatalog catalog, Path modelsDir, List<Adapter> registered) {
        Path file = catalog.find(variant.model())
                .map(model -> model.remoteFile().localPath(modelsDir))
                .orElseGet(() -> Path.of(variant.model()));
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("the model of variant " + variant + " is not at " + file
                    + (catalog.find(variant.model()).isPresent()
                    ? "; download it with 'saiga-bot models pull " + variant.model() + "' (or pass --models-dir)"
                    : "; give the path of an existing .gguf file"));
        }
        Optional<Adapter> adapter = variant.adapter() == null ? Optional.empty()
                : ServedModels.choose(file, registered, variant.adapter());
        return new Resolved(variant, real(file), adapter);
    }

    /** Loads one engine per model file with {@code loader}; nothing stays loaded when one fails. */
    public static VariantEngines load(List<Resolved> variants, EngineSettings settings,
                                      Function<LlamaEngineConfig, InferenceEngine> loader) {
        Map<Path, List<Resolved>> byModel = new LinkedHashMap<>();
        Map<Variant, Resolved> byVariant = new LinkedHashMap<>();
        for (Resolved variant : variants) {
            byModel.computeIfAbsent(variant.modelFile(), file -> new ArrayList<>()).add(variant);
            byVariant.put(variant.variant(), variant);
        }
        Map<Path, InferenceEngine> engines = new LinkedHashMap<>();
        try {
            for (Map.Entry<Path, List<Resolved>> model : byModel.entrySet()) {
                List<Adapter> adapters = model.getValue().stream().flatMap(r -> r.adapter().stream()).distinct()
                        .toList();
                if (adapters.size() > 1) {
                    // java-llama.cpp 4.2.0 loads one adapter per model (see LlamaEngine.load).
                    throw new ConfigException("variants of " + model.getKey() + " name two adapters ("
                            + adapters.stream().map(Adapter::name).collect(Collectors.joining(", "))
                            + "); one model serves one adapter: compare each with the base model instead");
                }
                LlamaEngineConfig config = new LlamaEngineConfig(model.getKey(), settings.slots(), settings.threads(),
                        settings.ctxSize(), settings.template()).withAdapters(adapters.stream()
                        .map(a -> new LoraAdapterFile(a.name(), a.file())).toList());
                engines.put(model.getKey(), loader.apply(config));
            }
        } catch (RuntimeException e) {
            engines.values().forEach(InferenceEngine::close);
            throw e;
        }
        return new VariantEngines(engines, byVariant);
    }

    public InferenceEngine engineFor(Variant variant) {
        return engines.get(resolved(variant).modelFile());
    }

    /** The LoRA setting of a request for {@code variant}: its adapter at the registered scale, or none. */
    public List<LoraScale> lorasFor(Variant variant) {
        return resolved(variant).adapter().map(a -> List.of(new LoraScale(a.name(), a.scale()))).orElse(List.of());
    }

    private Resolved resolved(Variant variant) {
        Resolved found = resolved.get(variant);
        if (found == null) {
            throw new IllegalArgumentException("variant " + variant + " was not loaded");
        }
        return found;
    }

    @Override
    public void close() {
        engines.values().forEach(InferenceEngine::close);
    }

    private static Path real(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }
}
