package ru.saigabot.bot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;
import ru.saigabot.bot.arena.ArenaOptions;
import ru.saigabot.bot.arena.LiveArena;
import ru.saigabot.inference.catalog.ModelCatalog;
import ru.saigabot.bot.chat.AnswerDelivery;
import ru.saigabot.bot.chat.GenerationService;
import ru.saigabot.bot.chat.RetentionJob;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.config.InferenceMode;
import ru.saigabot.bot.worker.InferenceQueue;
import ru.saigabot.bot.worker.QueueEngine;
import ru.saigabot.bot.worker.WireFormat;
import ru.saigabot.bot.worker.WorkerTally;
import ru.saigabot.bot.dispatch.Dispatcher;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.Router;
import ru.saigabot.bot.access.AccessRules;
import ru.saigabot.bot.access.GroupAdmins;
import ru.saigabot.bot.access.HourlyLimiter;
import ru.saigabot.bot.handlers.AnnotateHandler;
import ru.saigabot.bot.handlers.ChatMessageHandler;
import ru.saigabot.bot.health.DatabaseCheck;
import ru.saigabot.bot.health.OpsHttpServer;
import ru.saigabot.bot.health.PollingCheck;
import ru.saigabot.bot.health.Readiness;
import ru.saigabot.bot.metrics.BotMetrics;
import ru.saigabot.bot.metrics.FeedbackTally;
import ru.saigabot.bot.handlers.ConversationCommands;
import ru.saigabot.bot.handlers.EditHandler;
import ru.saigabot.bot.handlers.InfoCommands;
import ru.saigabot.bot.handlers.MembershipHandler;
import ru.saigabot.bot.handlers.ModelHandler;
import ru.saigabot.bot.models.ServedModels;
import ru.saigabot.bot.store.AdapterStore;
import ru.saigabot.bot.store.AdapterStore.Adapter;
import ru.saigabot.inference.llama.LoraAdapterFile;
import ru.saigabot.bot.handlers.ParamsHandler;
import ru.saigabot.bot.handlers.ReactionHandler;
import ru.saigabot.bot.handlers.RegenerateHandler;
import ru.saigabot.bot.handlers.Replies;
import ru.saigabot.bot.handlers.FeedbackHandler;
import ru.saigabot.bot.handlers.ForgetHandler;
import ru.saigabot.bot.handlers.NonTextHandler;
import ru.saigabot.bot.handlers.Senders;
import ru.saigabot.bot.handlers.StartHandler;
import ru.saigabot.bot.render.Texts;
import ru.saigabot.bot.store.ArenaStore;
import ru.saigabot.bot.store.LiveBattleStore;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.EmbeddedPostgresServer;
import ru.saigabot.bot.store.FeedbackStore;
import ru.saigabot.bot.store.GenerationStore;
import ru.saigabot.bot.store.MessageStore;
import ru.saigabot.bot.store.PreferenceStore;
import ru.saigabot.bot.store.PrivacyStore;
import ru.saigabot.bot.store.StatsStore;
import ru.saigabot.bot.settings.SettingsStore;
import ru.saigabot.bot.store.UpdateInbox;
import ru.saigabot.bot.telegram.TelegramCallException;
import ru.saigabot.bot.telegram.TelegramGateway;
import ru.saigabot.bot.telegram.UpdatePoller;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.routing.ModelRouter;
import ru.saigabot.inference.InferenceException;
import ru.saigabot.inference.gguf.GgufFormatException;
import ru.saigabot.inference.gguf.GgufReader;
import ru.saigabot.inference.llama.LlamaEngine;
import ru.saigabot.inference.llama.LlamaEngineConfig;

/**
 * The composition root of {@code saiga-bot run}: checks what an operator can get wrong first (model
 * file, database, token), then wires the store, the engine, the handlers and the polling loop, and
 * takes them down in reverse order.
 */
public final class BotApplication implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BotApplication.class);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<String> fatalError = new AtomicReference<>();
    private UpdatePoller poller;
    private Dispatcher dispatcher;
    private OpsHttpServer ops;
    private Readiness readiness;
    private boolean closed;
    private boolean running;

    private BotApplication() {}

    /** Starts everything; a {@link ConfigException} means nothing is left running. */
    public static BotApplication start(BotConfig config, RunOptions options) {
        return start(config, options, ArenaOptions.DEFAULTS);
    }

    /** Starts with the side-by-side arena's settings (/annotate). */
    public static BotApplication start(BotConfig config, RunOptions options, ArenaOptions arena) {
        return startWith(config, options, arena, BotApplication::loadEngine);
    }

    /**
     * Starts with another engine than the local llama.cpp one (the message-path benchmark uses an
     * instant one, to measure the bot's own cost).
     */
    public static BotApplication start(BotConfig config, RunOptions options,
                                       Function<BotConfig, InferenceEngine> engineFactory) {
        return startWith(config, options, ArenaOptions.DEFAULTS, (c, adapter) -> engineFactory.apply(c));
    }

    private static BotApplication startWith(BotConfig config, RunOptions options, ArenaOptions arena,
                                            BiFunction<BotConfig, Optional<Adapter>, InferenceEngine> engineFactory) {
        BotApplication app = new BotApplication();
        try {
            app.startParts(config, options, arena, engineFactory);
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void startParts(BotConfig config, RunOptions options, ArenaOptions arena,
                            BiFunction<BotConfig, Optional<Adapter>, InferenceEngine> engineFactory) {
        boolean queued = config.inference() == InferenceMode.QUEUE;
        if (!queued) {
            checkModelFile(config);
        }
        if (options.maxTokens() >= config.ctxSize()) {
            throw new ConfigException("--max-tokens (" + options.maxTokens() + ") must be smaller than --ctx-size ("
                    + config.ctxSize() + "): the prompt and the answer share one context");
        }
        ObjectMapper json = new ObjectMapper();
        BotMetrics metrics = new BotMetrics();
        resources.add(metrics);
        // Named before they exist, so /readyz says what is still starting (loading a model takes minutes).
        readiness = new Readiness(ordered("database", "connecting", queued ? "workers" : "model",
                queued ? "not counted yet" : "loading", "polling", "starting"));
        if (options.health().httpPort().isPresent()) {
            ops = OpsHttpServer.start(options.health().httpPort().getAsInt(), readiness, metrics::scrape);
            resources.add(ops);
        }

        String jdbcUrl = config.databaseUrl().orElseGet(() -> {
            EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(config.dataDir());
            resources.add(embedded);
            return embedded.jdbcUrl();
        });
        // queue mode: one more for LISTEN, held for good
        Database database = Database.open(jdbcUrl, queued ? 11 : 10, metrics.registry());
        resources.add(database);
        ExecutorService probes = Executors.newSingleThreadExecutor(daemon("readiness-", new AtomicInteger()));
        resources.add(probes::shutdownNow);
        readiness.set("database", new DatabaseCheck(database.dataSource(), Duration.ofSeconds(3), probes));

        TelegramGateway telegram = new TelegramGateway(config.token(), config.telegram(), options.sendLimits(), metrics);
        resources.add(telegram);
        BotIdentity identity = BotIdentity.fetch(telegram, config);
        BotIdentity.registerCommands(telegram);

        Optional<Adapter> adapter;
        InferenceEngine engine;
        if (queued) {
            adapter = Optional.empty();
            engine = startQueue(database, options, metrics, json);
        } else {
            adapter = ServedModels.choose(config.model(), database.query(new AdapterStore()::all), options.adapter());
            engine = engineFactory.apply(config, adapter);
            resources.add(engine);
            readiness.set("model", Optional::empty); // loaded: the engine exists only once its model is in memory
        }
        ServedModels served = new ServedModels(engine.modelName(),
                adapter.filter(a -> engine.adapters().contains(a.name())));

        ChatStore chats = new ChatStore();
        MessageStore messages = new MessageStore();
        GenerationStore generations = new GenerationStore();
        FeedbackStore feedback = new FeedbackStore();
        PreferenceStore preferences = new PreferenceStore();
        UpdateInbox inbox = new UpdateInbox(database);
        ConversationCache cache = new ConversationCache(options.cacheCharacters(), ForkJoinPool.commonPool());
        SettingsStore settings = new SettingsStore(chats, cache, json);
        Senders senders = new Senders(chats, cache);
        Replies replies = new Replies(telegram);
        AccessRules access = options.access();
        GroupAdmins groupAdmins = new GroupAdmins(telegram, access);
        ChatMessageHandler.BotUser botUser = new ChatMessageHandler.BotUser(identity.id(), identity.username());

        AtomicInteger workerNumber = new AtomicInteger();
        GenerationParams defaults = GenerationParams.DEFAULTS.withMaxTokens(options.maxTokens()).withSeed(options.seed());
        // A fixed --seed fixes the arena's A/B order and --arena-share draws too, so a test run is repeatable.
        Random order = options.seed() >= 0 ? new Random(options.seed()) : new Random();
        ArenaStore arenaStore = new ArenaStore();
        LiveBattleStore battles = new LiveBattleStore();
        // With workers the served model is known by its name only; live battles name it as its file.
        LiveArena liveArena = LiveArena.of(arena, queued ? Path.of(served.base() + ".gguf") : config.model(), served,
                ModelCatalog.builtIn(), order);
        if (queued && !liveArena.otherModels().isEmpty()) {
            throw new ConfigException("--arena-a/--arena-b name another model file, which needs --inference local: "
                    + "inference workers serve one model each; compare models with 'saiga-bot arena' tasks instead");
        }
        // A live battle against another model: that model is loaded beside the served one, with the same settings.
        Map<String, InferenceEngine> arenaModels = new LinkedHashMap<>();
        liveArena.otherModels().forEach((key, file) -> {
            InferenceEngine other = engineFactory.apply(config.withModel(file), Optional.empty());
            resources.add(other);
            arenaModels.put(key, other);
        });
        InferenceEngine models = arenaModels.isEmpty() ? engine : new ModelRouter(engine, arenaModels);
        GenerationService generationService = new GenerationService(database, generations, messages, cache, settings,
                access, served, models, new AnswerDelivery(telegram, database, generations, messages, chats, cache,
                battles, metrics), defaults, json,
                Executors.newCachedThreadPool(daemon("generation-" , workerNumber)),
                new ScheduledThreadPoolExecutor(2, daemon("stream-", new AtomicInteger())),
                options.streamIntervalMillis(), liveArena);
        resources.add(generationService);
        metrics.bindQueue(generationService::pendingTotal, generationService::generatingTotal);

        PrivacyStore privacy = new PrivacyStore();
        ForgetHandler forget = new ForgetHandler(telegram, privacy, cache, generationService, identity.username());
        List<Route> routes = new ArrayList<>();
        StartHandler start = new StartHandler(replies, senders, identity.username());
        routes.add(start.route());
        routes.addAll(new ConversationCommands(senders, replies, chats, messages, generations, cache, settings,
                generationService, groupAdmins, identity.username()).routes());
        routes.addAll(new ParamsHandler(telegram, senders, replies, settings, groupAdmins, defaults,
                identity.username()).routes());
        routes.addAll(new InfoCommands(senders, replies, settings, new StatsStore(), generationService, groupAdmins,
                access, options.retentionDays(), identity.username()).routes());
        routes.addAll(new ModelHandler(telegram, senders, replies, settings, groupAdmins, served,
                identity.username()).routes());
        routes.addAll(forget.routes());
        routes.addAll(new AnnotateHandler(telegram, senders, replies, arenaStore, battles, access, arena,
                order::nextBoolean, cache, identity.username()).routes());
        routes.add(new FeedbackHandler(replies, senders, generations, feedback, preferences).route());
        routes.add(new RegenerateHandler(replies, senders, generations, messages, generationService, access).route());
        routes.add(new ReactionHandler(senders, messages, feedback, preferences).route());
        routes.add(new MembershipHandler(senders, chats, cache).route());
        routes.add(new EditHandler(senders, replies, messages, generations, generationService, cache, settings, access,
                botUser).route());
        ChatMessageHandler chat = new ChatMessageHandler(chats, senders, cache, generations, generationService,
                settings, access, new HourlyLimiter(access.messagesPerHour(), System::currentTimeMillis), replies, botUser,
                liveArena, battles);
        routes.add(chat.arenaRoute());
        routes.add(chat.route());
        routes.add(new NonTextHandler(telegram, senders).route());
        routes.add(start.unknownCommand());
        Router router = new Router(routes);
        dispatcher = new Dispatcher(database, inbox, router, json, (update, error) -> reportFailure(telegram, update));
        poller = new UpdatePoller(telegram, options.pollTimeoutSeconds(), dispatcher, this::fail);

        ScheduledThreadPoolExecutor housekeeping = new ScheduledThreadPoolExecutor(1, daemon("housekeeping-",
                new AtomicInteger()));
        resources.add(housekeeping::shutdownNow);
        housekeeping.scheduleWithFixedDelay(new RetentionJob(database, privacy, cache, options.retentionDays()),
                1, 60, TimeUnit.MINUTES);
        FeedbackTally votes = new FeedbackTally(database);
        metrics.bindFeedback(votes);
        housekeeping.scheduleWithFixedDelay(votes, 0, 30, TimeUnit.SECONDS);

        generationService.recover();
        start("dispatcher", dispatcher);
        start("telegram-poller", poller);
        readiness.set("polling", new PollingCheck(poller::lastPoll, options.health().pollingStaleAfter(),
                Clock.systemUTC()));
        running = true;
        log.info("bot running: username=@{} model={} config={}", identity.username(), engine.modelName(), config);
    }

    /**
     * {@code --inference queue}: generations go to workers through the database; nothing is loaded here.
     * The workers' count feeds /readyz and /metrics.
     */
    private InferenceEngine startQueue(Database database, RunOptions options, BotMetrics metrics, ObjectMapper json) {
        if (!options.adapter().equals("auto") && !options.adapter().equals("none")) {
            throw new ConfigException("--adapter " + options.adapter() + " needs --inference local: with --inference "
                    + "queue the workers load the model, and they serve it without an adapter");
        }
        InferenceQueue queue = new InferenceQueue();
        WorkerTally workers = new WorkerTally(database, queue);
        ScheduledThreadPoolExecutor counting = new ScheduledThreadPoolExecutor(1, daemon("workers-", new AtomicInteger()));
        resources.add(counting::shutdownNow);
        counting.scheduleWithFixedDelay(workers, 0, 5, TimeUnit.SECONDS);
        readiness.set("workers", workers::problem);
        metrics.bindWorkers(() -> workers.latest().liveWorkers(), () -> workers.latest().waitingJobs());
        // Notifications carry the text; the poll only backs them up (each followed job costs two queries a poll).
        QueueEngine engine = new QueueEngine(database, queue, new WireFormat(json), Duration.ofSeconds(5));
        resources.add(engine);
        return engine;
    }

    private static void checkModelFile(BotConfig config) {
        if (!Files.isRegularFile(config.model())) {
            throw new ConfigException("model file " + config.model() + " does not exist; pass --model PATH or set "
                    + "SAIGA_MODEL to a .gguf file (see README, 'Getting a model')");
        }
        if (!Files.isReadable(config.model())) {
            throw new ConfigException("model file " + config.model() + " is not readable by this user; fix its permissions");
        }
        try {
            GgufReader.validate(config.model());
        } catch (GgufFormatException e) {
            throw new ConfigException("model file " + config.model() + " is not a usable GGUF model: " + e.getMessage()
                    + "; download a .gguf file of a Saiga model (see README)", e);
        }
    }

    private static InferenceEngine loadEngine(BotConfig config, Optional<Adapter> adapter) {
        try {
            return LlamaEngine.load(new LlamaEngineConfig(config.model(), config.slots(), config.threads(),
                    config.ctxSize(), config.template()).withAdapters(adapter
                    .map(a -> List.of(new LoraAdapterFile(a.name(), a.file()))).orElse(List.of())));
        } catch (InferenceException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private void reportFailure(TelegramGateway telegram, Update update) {
        Long chatId = ru.saigabot.bot.telegram.UpdateKinds.chatIdOf(update);
        if (chatId == null) {
            return;
        }
        var from = update.hasMessage() ? update.getMessage().getFrom() : null;
        Texts texts = Texts.forLanguage(from == null ? null : from.getLanguageCode());
        try {
            telegram.call(SendMessage.builder().chatId(chatId).text(texts.updateFailed).build());
        } catch (TelegramCallException e) {
            log.warn("could not tell the user about a failed update: chat_id={} error={}", chatId, e.getMessage());
        }
    }

    /** Where /healthz, /readyz and /metrics are served, when they are. */
    public OptionalInt httpPort() {
        return ops == null ? OptionalInt.empty() : OptionalInt.of(ops.port());
    }

    private static Map<String, String> ordered(String... nameReasonPairs) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < nameReasonPairs.length; i += 2) {
            pairs.put(nameReasonPairs[i], nameReasonPairs[i + 1]);
        }
        return pairs;
    }

    private void fail(String message) {
        fatalError.set(message);
        stopped.countDown();
    }

    /** Blocks until {@link #close()} or a fatal error; returns that error, or null after a normal stop. */
    public String awaitStop() throws InterruptedException {
        stopped.await();
        return fatalError.get();
    }

    /** Stops polling, cancels generations (they resume on the next start), closes the model and the database. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        if (readiness != null) {
            // Load balancers and supervisors see the stop before the endpoints go away.
            readiness.set("shutdown", () -> Optional.of("stopping"));
        }
        if (poller != null) {
            poller.stop();
        }
        if (dispatcher != null) {
            dispatcher.stop();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            AutoCloseable resource = resources.get(i);
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage(), e);
            }
        }
        if (running) {
            log.info("stopped: shutdown_ms={}", (System.nanoTime() - started) / 1_000_000);
        }
        stopped.countDown();
    }

    private static void start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix, AtomicInteger counter) {
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
