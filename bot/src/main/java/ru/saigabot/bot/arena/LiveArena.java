package ru.saigabot.bot.arena;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.models.ServedModels;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.LoraScale;
import ru.saigabot.inference.catalog.ModelCatalog;

/**
 * Live battles in chats: the two variants (both must run on the served model, java-llama.cpp serving one model
 * with at most one adapter), the chats that asked for a battle with /arena, and the draw of --arena-share.
 */
public final class LiveArena {
    private final Variant a;
    private final Variant b;
    private final ServedModels served;
    private final double share;
    private final Random random;
    /** Chats whose next message gets two answers; in memory: after a restart /arena is simply sent again. */
    private final Set<Long> armed = ConcurrentHashMap.newKeySet();

    LiveArena(Variant a, Variant b, ServedModels served, double share, Random random) {
        this.a = a;
        this.b = b;
        this.served = served;
        this.share = share;
        this.random = random;
    }

    /**
     * The live arena of a bot serving {@code model} (with {@code served}'s adapter, if any); a variant naming
     * another model or an adapter that is not served stops the start with a message saying what is served.
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
        return new LiveArena(a, b, served, options.share(), random);
    }

    private static Variant variant(VariantParser parser, String option, String text, Path model, ServedModels served,
                                   ModelCatalog catalog) {
        Variant variant;
        try {
            variant = parser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + ": " + e.getMessage(), e);
        }
        boolean sameModel = catalog.find(variant.model())
                .map(entry -> real(model).endsWith(Path.of(entry.repository(), entry.file())))
                .orElseGet(() -> real(Path.of(variant.model())).equals(real(model)));
        if (!sameModel) {
            throw new ConfigException(option + " " + variant + " names another model than the served one (" + model
                    + "); live battles compare variants of the served model: its adapter or parameters");
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

    public Variant variant(String side) {
        return side.equals("a") ? a : b;
    }

    /** A side's parameters: the chat's own, with the variant's values over them. */
    public GenerationParams params(String side, GenerationParams chat) {
        return variant(side).apply(chat);
    }

    public List<LoraScale> loras(String side) {
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
