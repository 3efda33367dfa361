package ru.saigabot.bot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import ru.saigabot.bot.arena.ArenaOptions;
import ru.saigabot.bot.arena.LiveArena;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.config.InferenceMode;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.health.Readiness;
import ru.saigabot.bot.metrics.BotMetrics;
import ru.saigabot.bot.models.ServedModels;
import ru.saigabot.bot.store.AdapterStore;
import ru.saigabot.bot.store.AdapterStore.Adapter;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.worker.InferenceQueue;
import ru.saigabot.bot.worker.QueueEngine;
import ru.saigabot.bot.worker.WireFormat;
import ru.saigabot.bot.worker.WorkerTally;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.catalog.ModelCatalog;
import ru.saigabot.inference.llama.LlamaEngineConfig;
import ru.saigabot.inference.routing.ModelRouter;

/**
 * The engines that answer: the served model in this process (with its adapter, and any other model a live battle
 * names, behind one router), or the inference workers behind the database with {@code --inference queue}.
 */
final class ServingEngines {
    private ServingEngines() {}

    /** What is served: the engine (all models behind it), the names users see, and the live arena's variants. */
    record Serving(InferenceEngine engine, ServedModels served, LiveArena arena) {}

    /**
     * @param engineFactory loads one model file (with its adapter, if any); the message-path benchmark passes an
     *                      instant engine instead
     * @param resources     takes what is to be closed when the bot stops
     */
    static Serving start(RunSettings settings, Database database, GenerationRepository generations,
                         BotMetrics metrics, Readiness readiness,
                         BiFunction<BotConfig, Optional<Adapter>, InferenceEngine> engineFactory,
                         Random order, Consumer<AutoCloseable> resources) {
        BotConfig config = settings.config();
        RunOptions options = settings.options();
        ArenaOptions arenaOptions = settings.arena();
        boolean queued = config.inference() == InferenceMode.QUEUE;
        Optional<Adapter> adapter;
        InferenceEngine engine;
        if (queued) {
            adapter = Optional.empty();
            engine = queue(database, generations, settings, metrics, readiness, resources);
        } else {
            adapter = ServedModels.choose(config.model(), database.query(new AdapterStore()::all), options.adapter());
            engine = engineFactory.apply(config, adapter);
            resources.accept(engine);
            readiness.set("model", Optional::empty); // loaded: the engine exists only once its model is in memory
        }
        ServedModels served = new ServedModels(engine.modelName(),
                adapter.filter(a -> engine.adapters().contains(a.name())));
        // With workers the served model is known by its name only; live battles name it as its file.
        LiveArena arena = LiveArena.of(arenaOptions, queued ? Path.of(served.base() + ".gguf") : config.model(),
                served, ModelCatalog.builtIn(), order);
        if (queued && !arena.otherModels().isEmpty()) {
            throw new ConfigException("--arena-a/--arena-b name another model file, which needs --inference local: "
                    + "inference workers serve one model each; compare models with 'saiga-bot arena' tasks instead");
        }
        // A live battle against another model: that model is loaded beside the served one, with the same settings.
        Map<String, InferenceEngine> others = new LinkedHashMap<>();
        arena.otherModels().forEach((key, file) -> {
            InferenceEngine other = engineFactory.apply(config.withModel(file), Optional.empty());
            resources.accept(other);
            others.put(key, other);
        });
        return new Serving(others.isEmpty() ? engine : new ModelRouter(engine, others), served, arena);
    }

    /**
     * {@code --inference queue}: generations go to workers through the database; nothing is loaded here. The
     * workers' count feeds /readyz and /metrics.
     */
    private static InferenceEngine queue(Database database, GenerationRepository generations, RunSettings settings,
                                         BotMetrics metrics, Readiness readiness, Consumer<AutoCloseable> resources) {
        RunOptions options = settings.options();
        if (!options.adapter().equals("auto") && !options.adapter().equals("none")) {
            throw new ConfigException("--adapter " + options.adapter() + " needs --inference local: with --inference "
                    + "queue the workers load the model, and they serve it without an adapter");
        }
        InferenceQueue queue = new InferenceQueue(generations);
        WorkerTally workers = new WorkerTally(database, queue);
        ScheduledThreadPoolExecutor counting = new ScheduledThreadPoolExecutor(1, Threads.daemon("workers-"));
        resources.accept(counting::shutdownNow);
        counting.scheduleWithFixedDelay(workers, 0, 5, TimeUnit.SECONDS);
        readiness.set("workers", workers::problem);
        metrics.bindWorkers(() -> workers.latest().liveWorkers(), () -> workers.latest().waitingJobs());
        // Notifications carry the text; the poll only backs them up (each followed job costs two queries a poll).
        QueueEngine engine = new QueueEngine(database, queue, new WireFormat(new ObjectMapper()),
                Duration.ofSeconds(5), settings.queue());
        resources.accept(engine);
        return engine;
    }

    /** The adapter files of a local engine, for {@code LlamaEngineConfig}. */
    static List<ru.saigabot.inference.llama.LoraAdapterFile> adapterFiles(Optional<Adapter> adapter) {
        return adapter.map(a -> List.of(new ru.saigabot.inference.llama.LoraAdapterFile(a.name(), a.file())))
                .orElse(List.of());
    }
}
