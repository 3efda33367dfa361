package ru.saigabot.bot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.worker.InferenceQueue;
import ru.saigabot.bot.worker.InferenceWorker;
import ru.saigabot.bot.worker.WireFormat;
import ru.saigabot.bot.worker.WorkerSettings;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.InferenceException;
import ru.saigabot.inference.llama.LlamaEngine;
import ru.saigabot.inference.remote.RemoteEngine;
import ru.saigabot.inference.remote.RemoteEngineConfig;

/**
 * {@code saiga-bot worker}: answers the generations a bot started with {@code run --inference queue}
 * puts into the shared PostgreSQL, on this machine's CPUs ({@code --model}) or through OpenAI-compatible servers
 * ({@code --backend-url}). Runs until stopped (SIGTERM); its unfinished jobs' leases then expire and other
 * workers redo them. It never changes the schema, since its database role may hold only the queue's grants
 * ({@code deploy/worker-role.sql}): the bot applies it, and a worker refuses a database the bot of its version has
 * not migrated yet.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run an inference worker: take generation jobs from PostgreSQL and answer them with a local GGUF "
                + "model (--model) or OpenAI-compatible servers such as llama-server, vLLM, Ollama (--backend-url).")
final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--db-url", defaultValue = "${env:DATABASE_URL}", paramLabel = "URL",
            description = "jdbc:postgresql: URL of the bot's database [env DATABASE_URL]; required.")
    String dbUrl;

    @Option(names = "--model", defaultValue = "${env:SAIGA_MODEL}",
            description = "Path to a .gguf model file [env SAIGA_MODEL]; or --backend-url.")
    Path model;

    @Mixin
    BackendOptions backend;

    @Option(names = "--slots", defaultValue = "${env:SAIGA_SLOTS:-2}",
            description = "Answers generated at once; with --backend-url, requests this worker sends at once "
                    + "[env SAIGA_SLOTS] (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--threads", defaultValue = "${env:SAIGA_THREADS:-0}",
            description = "CPU threads, 0 = all cores [env SAIGA_THREADS] (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--ctx-size", defaultValue = "${env:SAIGA_CTX_SIZE:-4096}",
            description = "Context size in tokens [env SAIGA_CTX_SIZE] (default: ${DEFAULT-VALUE}).")
    int ctxSize;

    @Mixin
    KvCacheOptions kvCache;

    @Option(names = "--template", defaultValue = "${env:SAIGA_TEMPLATE:-auto}",
            description = "Chat format, as for run [env SAIGA_TEMPLATE] (default: ${DEFAULT-VALUE}).")
    String template;

    @Option(names = "--lease-seconds", defaultValue = "${env:SAIGA_LEASE_SECONDS:-30}",
            description = "How long a claimed job stays this worker's without a renewal; renewed every third of it "
                    + "[env SAIGA_LEASE_SECONDS] (default: ${DEFAULT-VALUE}).")
    int leaseSeconds;

    @Option(names = "--worker-id", defaultValue = "${env:SAIGA_WORKER_ID}",
            description = "Name in the database and logs [env SAIGA_WORKER_ID] (default: a random one).")
    String workerId;

    @Override
    @SuppressWarnings("try") // the shutdown hook closes the worker early; closing it again is a no-op
    public Integer call() throws Exception {
        WorkerSettings settings = toSettings();
        CountDownLatch stopped = new CountDownLatch(1);
        SignalStop signal = null;
        int status = ExitCodes.FAILURE;
        try {
            try (Database database = Database.openMigrated(settings.databaseUrl(), settings.slots() + 3);
                 InferenceEngine engine = settings.isRemote() ? new RemoteEngine(settings.remote()) : load(settings);
                 InferenceWorker worker = new InferenceWorker(database, new InferenceQueue(GenerationRepository.forWorker()),
                         engine, new WireFormat(new ObjectMapper()), settings.loop())) {
                // The hook only stops the worker: the engine and the database are closed here, before it halts.
                signal = SignalStop.install("worker-shutdown", () -> {
                    try {
                        worker.close();
                    } finally {
                        stopped.countDown();
                    }
                });
                worker.start();
                System.out.println("worker " + settings.workerId() + " running: model=" + engine.modelName()
                        + (settings.isRemote() ? " backends=" + settings.remote().backends().stream()
                        .map(RemoteEngineConfig::display).toList() : "") + " db="
                        + BotConfig.redact(settings.databaseUrl()));
                stopped.await();
            }
            status = ExitCodes.OK; // only when everything above closed without an exception
            return status;
        } finally {
            if (signal != null) {
                signal.ended(status);
            }
        }
    }

    /**
     * Every flag of this command in one validated value. The backends' options are read only when given, and
     * refused on their own (a bad URL, a missing model name); the rest is {@link WorkerSettings}'.
     */
    WorkerSettings toSettings() {
        RemoteEngineConfig remote = backend.given() ? backend.config() : null;
        int effectiveThreads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        return new WorkerSettings(dbUrl, model, remote, slots, effectiveThreads, ctxSize, template, leaseSeconds,
                workerId, kvCache.type(), kvCache.slots());
    }

    private static InferenceEngine load(WorkerSettings settings) {
        try {
            return LlamaEngine.load(settings.llama());
        } catch (InferenceException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }
}
