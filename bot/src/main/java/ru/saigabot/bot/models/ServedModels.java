package ru.saigabot.bot.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.store.AdapterStore.Adapter;
import ru.saigabot.inference.LoraScale;

/**
 * What /model offers: the base model, and the registered LoRA adapter loaded with it ("BASE+NAME").
 * java-llama.cpp 4.2.0 loads one adapter per model, so there are at most two.
 */
public record ServedModels(String base, Optional<Adapter> adapter) {

    /** The adapter to load for {@code model}: {@code choice} is a name, "none", or "auto" (the only one registered). */
    public static Optional<Adapter> choose(Path model, List<Adapter> registered, String choice) {
        Path base = realPath(model);
        List<Adapter> forModel = registered.stream().filter(a -> realPath(a.baseModel()).equals(base)).toList();
        if (choice.equals("none")) {
            return Optional.empty();
        }
        if (choice.equals("auto")) {
            if (forModel.size() > 1) {
                throw new ConfigException("several LoRA adapters are registered for " + base + " (" + names(forModel)
                        + "); java-llama.cpp serves one per model: choose with --adapter NAME, or --adapter none");
            }
            return forModel.stream().findFirst();
        }
        return Optional.of(forModel.stream().filter(a -> a.name().equals(choice)).findFirst()
                .orElseThrow(() -> new ConfigException("--adapter " + choice + " is not registered for " + base
                        + (forModel.isEmpty() ? " (none is; see 'saiga-bot adapters add')"
                                : "; registered for it: " + names(forModel)))));
    }

    /** The name users see and answers are stored with: "saiga" or "saiga+style". */
    public String label(String adapterName) {
        return adapterName == null ? base : base + "+" + adapterName;
    }

    /** The LoRA setting of a request, for the adapter a chat chose (null: the base model). */
    public List<LoraScale> lorasFor(String adapterName) {
        return adapter.filter(a -> a.name().equals(adapterName))
                .map(a -> List.of(new LoraScale(a.name(), a.scale()))).orElse(List.of());
    }

    /** True when the chat's choice is still served (an adapter can be unregistered between restarts). */
    public boolean serves(String adapterName) {
        return adapterName == null || adapter.map(a -> a.name().equals(adapterName)).orElse(false);
    }

    private static String names(List<Adapter> adapters) {
        return adapters.stream().map(Adapter::name).collect(Collectors.joining(", "));
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
