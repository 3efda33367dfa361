package ru.saigabot.bot.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.generation.ArenaSide;
import ru.saigabot.bot.models.ServedModels;
import ru.saigabot.bot.store.AdapterStore.Adapter;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.LoraScale;
import ru.saigabot.inference.catalog.ModelCatalog;

class LiveArenaTest {

    @Test
    void defaultsCompareTheServedModelWithItsAdapter(@TempDir Path dir) throws Exception {
        Path model = Files.createFile(dir.resolve("m.gguf"));
        ServedModels served = new ServedModels("m", Optional.of(new Adapter("style", model, dir.resolve("s.gguf"), 0.5)));
        LiveArena arena = LiveArena.of(ArenaOptions.DEFAULTS, model, served, ModelCatalog.builtIn(), new Random(1));
        assertThat(arena.variant(ArenaSide.A).spec()).isEqualTo(model.toString());
        assertThat(arena.variant(ArenaSide.B).spec()).isEqualTo(model + "+style");
        assertThat(arena.loras(ArenaSide.A)).isEmpty();
        assertThat(arena.loras(ArenaSide.B)).containsExactly(new LoraScale("style", 0.5));
    }

    @Test
    void withoutAnAdapterTheDefaultsAreTwoParameterSets(@TempDir Path dir) throws Exception {
        Path model = Files.createFile(dir.resolve("m.gguf"));
        LiveArena arena = LiveArena.of(ArenaOptions.DEFAULTS, model, new ServedModels("m", Optional.empty()),
                ModelCatalog.builtIn(), new Random(1));
        GenerationParams chat = GenerationParams.DEFAULTS.withMaxTokens(100);
        assertThat(arena.params(ArenaSide.A, chat)).isEqualTo(chat);
        assertThat(arena.params(ArenaSide.B, chat)).isEqualTo(chat.withTemperature(0.8));
    }

    @Test
    void anotherModelFileIsLoadedBesideTheServedOne(@TempDir Path dir) throws Exception {
        Path model = Files.createFile(dir.resolve("m.gguf"));
        Path other = Files.createFile(dir.resolve("other.gguf"));
        LiveArena arena = LiveArena.of(new ArenaOptions(3, null, other.toString(), 0), model,
                new ServedModels("m", Optional.empty()), ModelCatalog.builtIn(), new Random(1));
        String key = other.toRealPath().toString();
        assertThat(arena.model(ArenaSide.A)).isNull();
        assertThat(arena.model(ArenaSide.B)).isEqualTo(key);
        assertThat(arena.otherModels()).containsExactly(java.util.Map.entry(key, Path.of(key)));
    }

    @Test
    void variantsOfAMissingModelOrAnAdapterNotServedAreRefused(@TempDir Path dir) throws Exception {
        Path model = Files.createFile(dir.resolve("m.gguf"));
        Path other = Files.createFile(dir.resolve("other.gguf"));
        ServedModels served = new ServedModels("m", Optional.empty());
        assertThatThrownBy(() -> LiveArena.of(new ArenaOptions(3, dir.resolve("none.gguf").toString(), null, 0), model,
                served, ModelCatalog.builtIn(), new Random(1))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no model file " + dir.resolve("none.gguf"));
        assertThatThrownBy(() -> LiveArena.of(new ArenaOptions(3, other + "+style", null, 0), model, served,
                ModelCatalog.builtIn(), new Random(1))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("puts an adapter on another model");
        assertThatThrownBy(() -> LiveArena.of(new ArenaOptions(3, "saiga_nemo_12b", null, 0), model, served,
                ModelCatalog.builtIn(), new Random(1))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("give its .gguf file's path instead");
        assertThatThrownBy(() -> LiveArena.of(new ArenaOptions(3, null, model + "+style", 0), model, served,
                ModelCatalog.builtIn(), new Random(1))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("names adapter style, which is not served; served: none");
        assertThatThrownBy(() -> LiveArena.of(new ArenaOptions(3, model.toString(), model.toString(), 0), model,
                served, ModelCatalog.builtIn(), new Random(1))).hasMessageContaining("are the same variant");
        assertThatThrownBy(() -> new ArenaOptions(3, null, null, 1.5)).hasMessageContaining("--arena-share = 1.5");
        assertThatThrownBy(() -> new ArenaOptions(0)).hasMessageContaining("--arena-overlap = 0");
    }

    @Test
    void armingLastsOneMessageAndTheShareDrawsItsProportion(@TempDir Path dir) throws Exception {
        Path model = Files.createFile(dir.resolve("m.gguf"));
        ServedModels served = new ServedModels("m", Optional.empty());
        LiveArena never = LiveArena.of(ArenaOptions.DEFAULTS, model, served, ModelCatalog.builtIn(), new Random(1));
        never.arm(5);
        assertThat(never.takeArmed(5)).isTrue();
        assertThat(never.takeArmed(5)).isFalse();
        assertThat(List.of(never.drawShare(), never.drawShare(), never.drawShare())).containsOnly(false);
        LiveArena quarter = LiveArena.of(new ArenaOptions(3, null, null, 0.25), model, served, ModelCatalog.builtIn(),
                new Random(7));
        int drawn = 0;
        for (int i = 0; i < 4000; i++) {
            drawn += quarter.drawShare() ? 1 : 0;
        }
        // Binomial(4000, 0.25): mean 1000, standard deviation 27; the seed is fixed, the bound is 5 deviations.
        assertThat(drawn).isBetween(865, 1135);
    }
}
