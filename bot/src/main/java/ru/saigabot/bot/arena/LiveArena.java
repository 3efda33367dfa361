package ru.saigabot.bot.arena;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.generation.ArenaSide;
import ru.saigabot.bot.models.ServedModels;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.LoraScale;
import ru.saigabot.inference.catalog.ModelCatalog;

/**
 * Live battles in chats: the two variants, the chats that asked for a battle with /arena, and the draw of
 * --arena-share. A variant runs on the served model (with or without its adapter, with its own parameters) or on
 * another .gguf file, which the bot then loads beside the served one ({@link #otherModels}); adapters exist only
 * on the served model.
 */
public final class LiveArena {
    private final Variant a;
    private final Variant b;
    private final ServedModels served;
    private final double share;
    private final Random random;
    /** Chats whose next message gets two answers; in memory: after a restart /arena is simply sent again. */
    private final Set<Long> armed = ConcurrentHashMap.newKeySet();

    /** Side to the key of the other model it runs on; absent for the served model. */
    private final Map<ArenaSide, String> models;

    LiveArena(Variant a, Variant b, ServedModels served, double share, Random random, Map<ArenaSide, String> models) {
        this.a = a;
        this.b = b;
        this.models = Map.copyOf(models);
        this.served = served;
        this.share = share;
        this.random = random;
    }

    /**
     * The live arena of a bot serving {@code model} (with {@code served}'s adapter, if any). A variant naming
     * another model must give its .gguf file; one naming an adapter that is not served, or an adapter on another
     * model, stops the start with a message saying what is served.
     */
    public static LiveArena of(ArenaOptions options, Path model, ServedModels served, ModelCatalog catalog,
                               Random random) {
        VariantParser parser = new VariantParser(catalog);
        String base = model.toString();
        String defaultB = served.adapter().map(adapter -> base + "+" + adapter.name())
                .orElse(base + "@temperature=0.8");
        Variant a = variant(parser, "--arena-a", options.liveA() != null ? options.liveA() : base, model, served,
                catalog);
        Variant b = variant(parser, "--arena-b", options.liveB() != null ? options.liveB() : defaultB, model, served,
                catalog);
        if (a.equals(b)) {
            throw new ConfigException("--arena-a and --arena-b are the same variant (" + a
                    + "); set two different ones");
        }
        Map<ArenaSide, String> models = new EnumMap<>(ArenaSide.class);
        otherModel(a, model, catalog).ifPresent(key -> models.put(ArenaSide.A, key));
        otherModel(b, model, catalog).ifPresent(key -> models.put(ArenaSide.B, key));
        return new LiveArena(a, b, served, options.share(), random, models);
    }

    private static Variant variant(VariantParser parser, String option, String text, Path model, ServedModels served,
                                   ModelCatalog catalog) {
        Variant variant;
        try {
            variant = parser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + ": " + e.getMessage(), e);
        }
        if (otherModel(variant, model, catalog).isPresent()) {
            if (catalog.find(variant.model()).isPresent()) {
                throw new ConfigException(option + " " + variant + " names catalog model " + variant.model()
                        + ", which is not the served one (" + model + "); give its .gguf file's path instead");
            }
            Path file = Path.of(variant.model());
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(option + " " + variant + ": no model file " + file
                        + "; give the path of a .gguf file (it is loaded beside the served model)");
            }
            if (variant.adapter() != null) {
                throw new ConfigException(option + " " + variant + " puts an adapter on another model; adapters are "
                        + "served on " + model + " only");
            }
            return variant;
        }
        if (variant.adapter() != null && !served.serves(variant.adapter())) {
            throw new ConfigException(option + " " + variant + " names adapter " + variant.adapter()
                    + ", which is not served; served: " + served.adapter().map(x -> x.name()).orElse("none")
                    + " (see run --adapter)");
        }
        return variant;
    }

    public void arm(long chatId) {
        armed.add(chatId);
    }

    /** True once after {@link #arm}: the chat's next message is a battle. */
    public boolean takeArmed(long chatId) {
        return armed.remove(chatId);
    }

    /** Whether an ordinary message is drawn into a battle (--arena-share). */
    public boolean drawShare() {
        return share > 0 && random.nextDouble() < share;
    }

    /** Whether variant a is shown as "A" in the next battle. */
    public boolean drawLeftIsA() {
        return random.nextBoolean();
    }

    public Variant variant(ArenaSide side) {
        return side == ArenaSide.A ? a : b;
    }

    /** A side's parameters: the chat's own, with the variant's values over them. */
    public GenerationParams params(ArenaSide side, GenerationParams chat) {
        return variant(side).apply(chat);
    }

    /** The other .gguf files the variants run on: to load beside the served model, keyed as {@link #model} says. */
    public Map<String, Path> otherModels() {
        Map<String, Path> files = new HashMap<>();
        models.values().forEach(key -> files.put(key, Path.of(key)));
        return files;
    }

    /** The key of the model a side runs on ({@code ChatRequest.withModel}); null for the served model. */
    public String model(ArenaSide side) {
        return models.get(side);
    }

    /** The key of {@code variant}'s model when it is not the served one. */
    private static Optional<String> otherModel(Variant variant, Path model, ModelCatalog catalog) {
        boolean sameModel = catalog.find(variant.model())
                .map(entry -> real(model).endsWith(Path.of(entry.repository(), entry.file())))
                .orElseGet(() -> real(Path.of(variant.model())).equals(real(model)));
        return sameModel ? Optional.empty() : Optional.of(real(Path.of(variant.model())).toString());
    }

    public List<LoraScale> loras(ArenaSide side) {
        String adapter = variant(side).adapter();
        return adapter == null ? List.of() : served.lorasFor(adapter);
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
