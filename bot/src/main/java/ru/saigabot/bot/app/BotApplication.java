package ru.saigabot.bot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;
import ru.saigabot.bot.access.CommandLimiter;
import ru.saigabot.bot.answer.AnswerRecorder;
import ru.saigabot.bot.answer.AnswerService;
import ru.saigabot.bot.answer.NewAnswers;
import ru.saigabot.bot.answer.PromptAssembler;
import ru.saigabot.bot.documents.PassageSearch;
import ru.saigabot.bot.documents.QuestionGrounding;
import ru.saigabot.bot.answer.telegram.TelegramDestination;
import ru.saigabot.bot.api.ApiDestination;
import ru.saigabot.bot.api.ApiIds;
import ru.saigabot.bot.api.ApiServer;
import ru.saigabot.bot.arena.ArenaOptions;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.config.InferenceMode;
import ru.saigabot.bot.dispatch.Dispatcher;
import ru.saigabot.bot.dispatch.Router;
import ru.saigabot.bot.health.DatabaseCheck;
import ru.saigabot.bot.health.OpsHttpServer;
import ru.saigabot.bot.health.PollingCheck;
import ru.saigabot.bot.health.Readiness;
import ru.saigabot.bot.metrics.BotMetrics;
import ru.saigabot.bot.metrics.FeedbackTally;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.store.AdapterStore.Adapter;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.EmbeddedPostgresServer;
import ru.saigabot.bot.store.RetentionJob;
import ru.saigabot.bot.store.UpdateInbox;
import ru.saigabot.bot.telegram.ReplyOutbox;
import ru.saigabot.bot.telegram.TelegramGateway;
import ru.saigabot.bot.telegram.UpdateKinds;
import ru.saigabot.bot.telegram.UpdatePoller;
import ru.saigabot.bot.web.WebIds;
import ru.saigabot.bot.web.WebServer;
import ru.saigabot.bot.web.chat.WebDestination;
import ru.saigabot.bot.web.session.SessionStore;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.InferenceEngine;
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
    /** Threads that make the calls of replies to commands; a call Telegram is slow to answer holds one of them. */
    private static final int REPLY_THREADS = 4;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<String> fatalError = new AtomicReference<>();
    private UpdatePoller poller;
    private Dispatcher dispatcher;
    private OpsHttpServer ops;
    private ApiServer api;
    private WebServer web;
    private EmbeddedPostgresServer embedded;
    private Readiness readiness;
    private boolean closed;
    private boolean running;
    /** Parts whose close failed: the stop was not clean, and the process must not exit 0. */
    private final List<String> failedToClose = new ArrayList<>();

    private BotApplication() {}

    /** Starts everything; a {@link ConfigException} means nothing is left running. */
    public static BotApplication start(RunSettings settings) {
        return startWith(settings, BotApplication::loadEngine);
    }

    /** Starts with the arena's defaults. */
    public static BotApplication start(BotConfig config, RunOptions options) {
        return start(config, options, ArenaOptions.DEFAULTS);
    }

    /** Starts with the side-by-side arena's settings (/annotate). */
    public static BotApplication start(BotConfig config, RunOptions options, ArenaOptions arena) {
        return start(new RunSettings(config, options, arena));
    }

    /**
     * Starts with another engine than the local llama.cpp one (the message-path benchmark uses an
     * instant one, to measure the bot's own cost).
     */
    public static BotApplication start(BotConfig config, RunOptions options,
                                       Function<BotConfig, InferenceEngine> engineFactory) {
        return startWith(new RunSettings(config, options, ArenaOptions.DEFAULTS),
                (c, adapter) -> engineFactory.apply(c));
    }

    /** Starts {@code settings} (with the API, say) on another engine than the local llama.cpp one (tests). */
    public static BotApplication start(RunSettings settings, Function<BotConfig, InferenceEngine> engineFactory) {
        return startWith(settings, (c, adapter) -> engineFactory.apply(c));
    }

    private static BotApplication startWith(RunSettings settings,
                                            BiFunction<BotConfig, Optional<Adapter>, InferenceEngine> engineFactory) {
        BotApplication app = new BotApplication();
        try {
            app.startParts(settings, engineFactory);
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void startParts(RunSettings settings,
                            BiFunction<BotConfig, Optional<Adapter>, InferenceEngine> engineFactory) {
        BotConfig config = settings.config();
        RunOptions options = settings.options();
        ArenaOptions arena = settings.arena();
        boolean queued = config.inference() == InferenceMode.QUEUE;
        if (!queued) {
            checkModelFile(config);
        }
        ObjectMapper json = new ObjectMapper();
        BotMetrics metrics = new BotMetrics();
        resources.add(metrics);
        // Named before they exist, so /readyz says what is still starting (loading a model takes minutes).
        readiness = new Readiness(ordered("database", "connecting", queued ? "workers" : "model",
                queued ? "not counted yet" : "loading", "polling", "starting"));
        if (options.health().httpPort().isPresent()) {
            ops = OpsHttpServer.start(options.health().httpHost(), options.health().httpPort().getAsInt(), readiness,
                    metrics::scrape);
            resources.add(ops);
        }
        Database database = openDatabase(config, queued, metrics);
        ExecutorService probes = Executors.newSingleThreadExecutor(Threads.daemon("readiness-"));
        resources.add(probes::shutdownNow);
        readiness.set("database", new DatabaseCheck(database.dataSource(), Duration.ofSeconds(3), probes));

        TelegramGateway telegram = new TelegramGateway(config.token(), config.telegram(), options.sendLimits(), metrics);
        resources.add(telegram);
        // Replies wait for a chat's sending budget on a timer, not on these threads: they only make the calls.
        ScheduledThreadPoolExecutor replyThreads = new ScheduledThreadPoolExecutor(REPLY_THREADS,
                Threads.daemon("reply-"));
        resources.add(replyThreads::shutdownNow);
        ReplyOutbox outbox = new ReplyOutbox(telegram, replyThreads, metrics);
        resources.add(outbox); // closed before its threads: what may still go within its bound is sent
        metrics.bindReplies(outbox::waiting);
        BotIdentity identity = BotIdentity.fetch(telegram, config);
        BotIdentity.registerCommands(telegram);

        Stores stores = Stores.over(new ConversationCache(options.cacheCharacters(), ForkJoinPool.commonPool()), json);
        // A fixed --seed fixes the arena's A/B order and --arena-share draws too, so a test run is repeatable.
        Random order = options.seed() >= 0 ? new Random(options.seed()) : new Random();
        ServingEngines.Serving serving = ServingEngines.start(settings, database, stores.generations(), metrics,
                readiness, engineFactory, order, resources::add);
        GenerationParams defaults = GenerationParams.DEFAULTS.withMaxTokens(options.maxTokens()).withSeed(options.seed());
        ChatDocuments documents = ChatDocuments.start(database, telegram, outbox, settings.documents(), resources::add);
        QuestionGrounding grounding = new QuestionGrounding(documents.store(), new PassageSearch(),
                PassageSearch.Options.DEFAULT);
        PromptAssembler assembler = new PromptAssembler(stores.messages(), stores.settings(), options.access(),
                serving.served(), serving.arena(), defaults, json, grounding);
        // One scheduler for the previews of answers being written and for answers postponed while Telegram is away.
        ScheduledThreadPoolExecutor streams = new ScheduledThreadPoolExecutor(2, Threads.daemon("stream-"));
        TelegramDestination chats = new TelegramDestination(telegram, database, stores.chats(), streams,
                options.streamIntervalMillis(), grounding);
        ApiDestination programs = new ApiDestination();
        WebDestination pages = new WebDestination();
        ExecutorService answerThreads = Executors.newCachedThreadPool(Threads.daemon("answer-"));
        // Closed after the answers (resources close in reverse): waiting API clients hear of the stop first.
        resources.add(() -> {
            if (api != null) {
                api.close();
            }
            if (web != null) {
                web.close();
            }
        });
        AnswerService answers = new AnswerService(database, stores.queries(),
                job -> ApiIds.isApi(job.chatId()) ? programs.open(job)
                        : WebIds.isWeb(job.chatId()) ? pages.open(job) : chats.open(job),
                new AnswerRecorder(database, stores.generations(), assembler, json), serving.engine(), metrics,
                answerThreads, streams);
        resources.add(answers);
        metrics.bindQueue(answers::pendingTotal, answers::generatingTotal);
        NewAnswers newAnswers = new NewAnswers(stores.generations(), stores.battles(), serving.arena(), answers);

        CommandLimiter commands = new CommandLimiter(System::currentTimeMillis);
        metrics.bindCommandLimit(commands::refused);
        Router router = BotRoutes.router(telegram, outbox, commands, identity, stores, answers, newAnswers, serving,
                options, arena, defaults, order, documents);
        dispatcher = new Dispatcher(database, new UpdateInbox(database), router, json,
                (update, error) -> reportFailure(outbox, update));
        poller = new UpdatePoller(telegram, options.pollTimeoutSeconds(), dispatcher, this::fail);

        ScheduledThreadPoolExecutor housekeeping = new ScheduledThreadPoolExecutor(1, Threads.daemon("housekeeping-"));
        resources.add(housekeeping::shutdownNow);
        housekeeping.scheduleWithFixedDelay(new RetentionJob(database, stores.privacy(), options.retentionDays()),
                1, 60, TimeUnit.MINUTES);
        FeedbackTally votes = new FeedbackTally(database);
        metrics.bindFeedback(votes);
        housekeeping.scheduleWithFixedDelay(votes, 0, 30, TimeUnit.SECONDS);

        // Unstored API exchanges of a previous run: their callers left with it.
        database.query(stores.generations()::deleteLeftExchanges);
        answers.recover();
        documents.indexer().resume();
        if (settings.api().port().isPresent()) {
            api = ApiSurface.start(settings, database, stores, answers, programs, serving.served(), json,
                    answerThreads);
        }
        if (settings.web().port().isPresent()) {
            web = WebSurface.start(settings, database, stores, answers, newAnswers, pages, order::nextBoolean,
                    json);
            SessionStore sessions = new SessionStore(database);
            housekeeping.scheduleWithFixedDelay(() -> {
                try {
                    sessions.deleteExpired();
                } catch (RuntimeException e) {
                    // Kept running: a failed run would otherwise cancel every later one.
                    log.warn("expired web sessions not deleted; tried again in an hour: error={}", e.getMessage(), e);
                }
            }, 5, 60, TimeUnit.MINUTES);
        }
        Threads.start("dispatcher", dispatcher);
        Threads.start("telegram-poller", poller);
        readiness.set("polling", new PollingCheck(poller::lastPoll, options.health().pollingStaleAfter(),
                Clock.systemUTC()));
        running = true;
        log.info("bot running: username=@{} model={} config={}", identity.username(), serving.engine().modelName(),
                config);
    }

    private Database openDatabase(BotConfig config, boolean queued, BotMetrics metrics) {
        String jdbcUrl = config.databaseUrl().orElseGet(() -> {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(config.dataDir());
            resources.add(server);
            embedded = server;
            return server.jdbcUrl();
        });
        // queue mode: one more for LISTEN, held for good
        Database database = Database.open(jdbcUrl, queued ? 11 : 10, metrics.registry());
        resources.add(database);
        return database;
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
            return LlamaEngine.load(config.llama().withAdapters(ServingEngines.adapterFiles(adapter)));
        } catch (InferenceException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** On the dispatcher's thread: the note waits for the chat's budget in the outbox, not here. */
    private static void reportFailure(ReplyOutbox outbox, Update update) {
        Long chatId = UpdateKinds.chatIdOf(update);
        if (chatId == null) {
            return;
        }
        var from = update.hasMessage() ? update.getMessage().getFrom() : null;
        String language = from == null ? null : from.getLanguageCode();
        outbox.send(chatId, SendMessage.builder().chatId(chatId).text(Phrase.UPDATE_FAILED.in(language)).build(),
                ReplyOutbox.Kind.NEEDED);
    }

    /**
     * The caller closes this application when the JVM exits (on SIGTERM): the embedded PostgreSQL's own exit hook
     * would otherwise stop the database while unfinished answers are being put aside in it.
     */
    public synchronized void stopsOnlyWhenClosed() {
        if (embedded != null) {
            embedded.stopOnlyWhenClosed();
        }
    }

    /** Where /healthz, /readyz and /metrics are served, when they are. */
    public OptionalInt httpPort() {
        return ops == null ? OptionalInt.empty() : OptionalInt.of(ops.port());
    }

    /** Where the web chat is served, when it is. */
    public synchronized OptionalInt webPort() {
        return web == null ? OptionalInt.empty() : OptionalInt.of(web.port());
    }

    /** Where the OpenAI-compatible API is served, when it is. */
    public synchronized OptionalInt apiPort() {
        return api == null ? OptionalInt.empty() : OptionalInt.of(api.port());
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

    /** After {@link #close()}: the parts that failed to close, none after a clean stop. */
    public synchronized List<String> failedToClose() {
        return List.copyOf(failedToClose);
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
                failedToClose.add(resource.getClass().getSimpleName());
                log.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage(), e);
            }
        }
        if (running) {
            log.info("stopped: shutdown_ms={}", (System.nanoTime() - started) / 1_000_000);
        }
        stopped.countDown();
    }
}
