package ru.saigabot.bot.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.inference.SettingRange;
import ru.saigabot.inference.llama.KvCacheType;
import ru.saigabot.inference.llama.LlamaEngineConfig;
import ru.saigabot.inference.remote.RemoteEngineConfig;

/**
 * Everything {@code saiga-bot worker} was given, validated in one place before anything is opened or loaded, and
 * immutable from there on. A refusal is one line for the operator: a {@link ConfigException}, or an
 * {@link ru.saigabot.inference.InvalidSettingException} for a number out of its range (the engine's own
 * {@link SettingRange}s, named by their flags).
 *
 * @param databaseUrl  the bot's PostgreSQL, a {@code jdbc:postgresql:} URL
 * @param model        the local .gguf file; null when {@code remote} answers
 * @param remote       OpenAI-compatible servers that answer instead of a local model; null with {@code model}
 * @param slots        answers generated at once (with {@code remote}: requests sent at once)
 * @param threads      CPU threads of the local model (0 already replaced by the number of cores)
 * @param ctxSize      context of one conversation in tokens, for the local model
 * @param template     chat template name, or auto
 * @param leaseSeconds how long a claimed job stays this worker's without a renewal
 * @param workerId     the name in the database and logs; a random one when none is given
 * @param kvCacheType  how the local model's slots store their context
 * @param kvSlots      conversations whose KV cache the local model keeps, {@code slots} of them generating at once;
 *                     0 is as many as {@code slots}
 */
public record WorkerSettings(String databaseUrl, Path model, RemoteEngineConfig remote, int slots, int threads,
                             int ctxSize, String template, int leaseSeconds, String workerId,
                             KvCacheType kvCacheType, int kvSlots) {

    public WorkerSettings(String databaseUrl, Path model, RemoteEngineConfig remote, int slots, int threads,
                          int ctxSize, String template, int leaseSeconds, String workerId) {
        this(databaseUrl, model, remote, slots, threads, ctxSize, template, leaseSeconds, workerId, KvCacheType.F16,
                0);
    }

    /**
     * A lease is renewed every third of it, so under 3 s a renewal could not keep up; past a day a dead worker's
     * job would wait that long to be redone.
     */
    public static final SettingRange LEASE_SECONDS = SettingRange.whole("lease_seconds", "--lease-seconds", 3, 86_400);
    /** How often the text of a running answer is written. */
    static final Duration FLUSH_INTERVAL = Duration.ofMillis(250);
    /** How long a free slot waits before it looks for a job again without being woken. */
    static final Duration IDLE_POLL = Duration.ofSeconds(2);

    public WorkerSettings {
        if (databaseUrl == null || !databaseUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("worker needs the bot's database: pass --db-url jdbc:postgresql://… or set "
                    + "DATABASE_URL (an embedded database would be nobody else's)");
        }
        SettingRange.SLOTS.checkOption(slots);
        SettingRange.THREADS.checkOption(threads);
        SettingRange.CTX_SIZE.checkOption(ctxSize);
        LEASE_SECONDS.checkOption(leaseSeconds);
        java.util.Objects.requireNonNull(kvCacheType, "kvCacheType");
        BotConfig.checkKvSlots(kvSlots, slots);
        template = BotConfig.chatTemplate(template);
        if (model != null && model.toString().isBlank()) {
            model = null;
        }
        if (model != null && remote != null) {
            throw new ConfigException("worker got both --model (SAIGA_MODEL) and --backend-url (SAIGA_BACKEND_URLS); "
                    + "pass exactly one: a local GGUF file or remote OpenAI-compatible servers");
        }
        if (model == null && remote == null) {
            throw new ConfigException("no model: pass --model PATH or set SAIGA_MODEL to a .gguf file, or "
                    + "--backend-url URL to answer through OpenAI-compatible servers");
        }
        if (model != null && !Files.isRegularFile(model)) {
            throw new ConfigException("model file " + model + " does not exist; pass --model PATH or set SAIGA_MODEL "
                    + "(or --backend-url URL to answer through OpenAI-compatible servers)");
        }
        workerId = workerId == null || workerId.isBlank() ? "worker-" + UUID.randomUUID().toString().substring(0, 8)
                : workerId.strip();
    }

    /** Answered by remote servers rather than a model loaded here. */
    public boolean isRemote() {
        return remote != null;
    }

    /** How to load the local model. */
    public LlamaEngineConfig llama() {
        if (model == null) {
            throw new IllegalStateException("this worker answers through " + remote + ", not a local model");
        }
        int cached = Math.max(slots, kvSlots);
        return new LlamaEngineConfig(model, cached, threads, ctxSize, template).withKvCacheType(kvCacheType)
                .withSlots(cached, slots);
    }

    /** How the worker's loop runs. */
    public InferenceWorker.Settings loop() {
        return new InferenceWorker.Settings(workerId, slots, leaseSeconds, FLUSH_INTERVAL, IDLE_POLL);
    }

    /** Without the database password, and the backends without their key. */
    @Override
    public String toString() {
        return "WorkerSettings[db=" + BotConfig.redact(databaseUrl) + ", " + (remote != null ? "remote=" + remote
                : "model=" + model) + ", slots=" + slots + ", threads=" + threads + ", ctxSize=" + ctxSize
                + ", template=" + template + ", kvCache=" + kvCacheType.label() + ", leaseSeconds=" + leaseSeconds + ", workerId=" + workerId + "]";
    }
}
