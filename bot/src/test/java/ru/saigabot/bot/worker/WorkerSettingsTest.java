package ru.saigabot.bot.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.inference.InvalidSettingException;
import ru.saigabot.inference.SettingRange;
import ru.saigabot.inference.remote.RemoteEngineConfig;

/** The worker's settings are checked once, as a whole, with the engine's ranges named by the worker's flags. */
class WorkerSettingsTest {
    private static final String DB = "jdbc:postgresql://db/saiga?user=w&password=secret";
    private static final RemoteEngineConfig REMOTE = RemoteEngineConfig.of(
            RemoteEngineConfig.parseUrls("http://127.0.0.1:8080/v1"), "saiga", null);

    @TempDir
    Path dir;

    private Path model() throws IOException {
        return Files.writeString(dir.resolve("m.gguf"), "not read here");
    }

    private static WorkerSettings remote(int slots, int ctxSize, int leaseSeconds) {
        return new WorkerSettings(DB, null, REMOTE, slots, 2, ctxSize, "auto", leaseSeconds, "w1");
    }

    @Test
    void aGoodLocalWorkerBecomesItsEngineAndLoopSettings() throws IOException {
        WorkerSettings settings = new WorkerSettings(DB, model(), null, 3, 4, 8192, " chatml ", 30, " gpu-1 ");
        assertThat(settings.isRemote()).isFalse();
        assertThat(settings.template()).isEqualTo("chatml");
        assertThat(settings.workerId()).isEqualTo("gpu-1");
        var llama = settings.llama();
        assertThat(llama.model()).isEqualTo(settings.model());
        assertThat(llama.slots()).isEqualTo(3);
        assertThat(llama.threads()).isEqualTo(4);
        assertThat(llama.ctxSize()).isEqualTo(8192);
        assertThat(llama.template()).isEqualTo("chatml");
        var loop = settings.loop();
        assertThat(loop.workerId()).isEqualTo("gpu-1");
        assertThat(loop.slots()).isEqualTo(3);
        assertThat(loop.leaseSeconds()).isEqualTo(30);
        assertThat(settings.toString()).doesNotContain("secret");
    }

    @Test
    void aRemoteWorkerHasNoLocalModelAndARandomIdWhenNoneIsGiven() {
        WorkerSettings settings = new WorkerSettings(DB, Path.of(""), REMOTE, 1, 1, 4096, null, 3, " ");
        assertThat(settings.isRemote()).isTrue();
        assertThat(settings.model()).isNull();
        assertThat(settings.template()).isEqualTo("auto");
        assertThat(settings.workerId()).matches("worker-[0-9a-f]{8}");
        assertThatThrownBy(settings::llama).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void numbersOutOfRangeAreRefusedWithTheEnginesRangesByFlag() {
        assertThat(refused(() -> remote(0, 4096, 30))).hasMessage("--slots = 0 is out of range; allowed 1..64")
                .extracting(InvalidSettingException::setting).isSameAs(SettingRange.SLOTS);
        assertThat(refused(() -> remote(2, 100, 30)))
                .hasMessage("--ctx-size = 100 is out of range; allowed 256..1048576")
                .extracting(InvalidSettingException::setting).isSameAs(SettingRange.CTX_SIZE);
        assertThat(refused(() -> new WorkerSettings(DB, null, REMOTE, 2, 513, 4096, "auto", 30, "w")))
                .extracting(InvalidSettingException::setting).isSameAs(SettingRange.THREADS);
        assertThat(refused(() -> remote(2, 4096, 2)))
                .hasMessage("--lease-seconds = 2 is out of range; allowed 3..86400")
                .extracting(InvalidSettingException::setting).isSameAs(WorkerSettings.LEASE_SECONDS);
        remote(64, 256, 3);
        remote(1, 1_048_576, 86_400);
    }

    @Test
    void whatIsNotANumberIsAConfigProblem() throws IOException {
        Path model = model();
        assertThatThrownBy(() -> new WorkerSettings("jdbc:mysql://db/x", model, null, 2, 2, 4096, "auto", 30, "w"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--db-url");
        assertThatThrownBy(() -> new WorkerSettings(null, model, null, 2, 2, 4096, "auto", 30, "w"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DATABASE_URL");
        assertThatThrownBy(() -> new WorkerSettings(DB, model, REMOTE, 2, 2, 4096, "auto", 30, "w"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> new WorkerSettings(DB, null, null, 2, 2, 4096, "auto", 30, "w"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no model");
        assertThatThrownBy(() -> new WorkerSettings(DB, dir.resolve("gone.gguf"), null, 2, 2, 4096, "auto", 30, "w"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gone.gguf").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new WorkerSettings(DB, model, null, 2, 2, 4096, "nonsense", 30, "w"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--template").hasMessageContaining("chatml");
    }

    private static InvalidSettingException refused(Runnable construction) {
        try {
            construction.run();
        } catch (InvalidSettingException e) {
            return e;
        }
        throw new AssertionError("nothing was refused");
    }
}
