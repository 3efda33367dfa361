package ru.saigabot.bot.bench;

import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import ru.saigabot.bot.api.ApiOptions;
import ru.saigabot.bot.api.keys.ApiKeyStore;
import ru.saigabot.bot.app.BotApplication;
import ru.saigabot.bot.app.RunOptions;
import ru.saigabot.bot.app.RunSettings;
import ru.saigabot.bot.arena.ArenaOptions;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.TelegramEndpoint;
import ru.saigabot.bot.extract.CheckedSchema;
import ru.saigabot.bot.extract.SchemaPresets;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.EmbeddedPostgresServer;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.OutputRules;
import ru.saigabot.inference.bench.BenchShapes;
import ru.saigabot.inference.llama.LlamaEngine;

/**
 * Issue #18's figures for the OpenAI-compatible API: what the way through the bot (HTTP, the stored exchange, the
 * key's lane, the fair queue, server-sent events, OpenAI's client) costs a stream's decoding. The real bot serves the
 * API on a random model of {@code saiga-bot bench}'s shapes; its own {@link LlamaEngine} also answers the same
 * requests directly, in turn with the API and never at the same time, so both run on the same loaded model, slots,
 * threads and context. Measured from each reader's side: tokens after the first over the time from the first text to
 * the last ({@link StreamFigure}).
 * <ol>
 *   <li>one stream at a time: API against the engine, same messages, seed, temperature and max tokens;</li>
 *   <li>{@code bench.streams} API streams sent at once with a key each (a key's requests run one at a time) on
 *   {@code bench.slots} slots: the slowest stream's decode speed over the fastest's, per round (the engine's own
 *   figure beside it);</li>
 *   <li>the {@code contact} extraction preset as {@code response_format}: decode speed with and without it.</li>
 * </ol>
 * Prints a table and one JSON line, with the load average before and after.
 *
 * <p>Run: see bot/README.md, Performance ({@code -Dbench.shape=small -Dbench.slots=4 -Dbench.threads=2
 * -Dbench.ctx=4096 -Dbench.tokens=128 -Dbench.reps=10 -Dbench.warmup=3 -Dbench.streams=8 -Dbench.rounds=5},
 * {@code -Dbench.shapeDir=DIR} keeps the model file between runs).
 */
public final class ApiStreamBenchmark {
    static final String TOKEN = "7000098:BENCH-api-token-for-the-emulator-only";
    static final String PRESET = "contact";
    private static final String SYSTEM = "Ты помощник, который извлекает контактные данные из текста.";
    private static final String QUESTION = "Иван Петров, менеджер по закупкам ООО «Ромашка», +7 900 123-45-67, "
            + "ivan.petrov@example.ru, Казань, ул. Баумана, 1, офис 5. Запиши его контакт.";
    /** A random model's answers at 1.0 are as varied as a real model's: no loop of one token for the grammar. */
    private static final double TEMPERATURE = 1.0;

    /** What to run; every count at least 1 but the warm-ups. */
    record Settings(String shape, int slots, int threads, int ctxSize, int maxTokens, int reps, int warmups,
                    int streams, int rounds) {
        Settings {
            if (slots < 1 || threads < 1 || maxTokens < 2 || reps < 1 || warmups < 0 || streams < 1 || rounds < 1) {
                throw new IllegalArgumentException("bench.slots, bench.threads, bench.reps, bench.streams and "
                        + "bench.rounds must be at least 1, bench.tokens at least 2, bench.warmup at least 0: " + this);
            }
            BenchShapes.byName(shape); // refuses an unknown shape, listing the known ones
        }

        static Settings fromProperties() {
            return new Settings(System.getProperty("bench.shape", "small"), Integer.getInteger("bench.slots", 4),
                    Integer.getInteger("bench.threads", 2), Integer.getInteger("bench.ctx", 4096),
                    Integer.getInteger("bench.tokens", 128), Integer.getInteger("bench.reps", 10),
                    Integer.getInteger("bench.warmup", 3), Integer.getInteger("bench.streams", 8),
                    Integer.getInteger("bench.rounds", 5));
        }
    }

    public static void main(String[] args) {
        try {
            measureAndPrint(Settings.fromProperties());
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
        // As in Main: java-llama.cpp leaves a non-daemon native thread attached to the JVM, which would never end.
        System.exit(0);
    }

    private static void measureAndPrint(Settings settings) throws Exception {
        Path dir = Files.createTempDirectory("saiga-api-bench");
        String shapeDir = System.getProperty("bench.shapeDir");
        try {
            Path model = BenchShapes.write(settings.shape(), shapeDir == null ? dir : Path.of(shapeDir),
                    System.err::println);
            try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("data"))) {
                run(settings, model, postgres.jdbcUrl(), dir).print(System.out);
            }
        } finally {
            deleteTree(dir); // a PostgreSQL data directory, and the model unless bench.shapeDir keeps it
        }
    }

    /** Starts the bot with the API on {@code model} and an empty database, and measures. */
    static ApiStreamReport run(Settings settings, Path model, String jdbcUrl, Path dataDir) throws Exception {
        AtomicReference<EngineSideSpeeds> engine = new AtomicReference<>();
        try (BotApiEmulator telegram = BotApiEmulator.start(TOKEN, "ApiBenchBot")) {
            BotConfig config = new BotConfig(TOKEN, TelegramEndpoint.parse(telegram.baseUrl()), model,
                    Optional.of(jdbcUrl), dataDir, settings.slots(), settings.threads(), settings.ctxSize(), "auto");
            RunSettings run = new RunSettings(config, new RunOptions(1, 100, settings.maxTokens(), -1),
                    ArenaOptions.DEFAULTS).withApi(ApiOptions.anyPort());
            // The engine saiga-bot run would load (config.llama()), kept to be asked directly as well.
            try (BotApplication bot = BotApplication.start(run, c -> {
                engine.set(new EngineSideSpeeds(LlamaEngine.load(c.llama())));
                return engine.get();
            });
                 Database database = Database.open(jdbcUrl, 2)) {
                ApiKeyStore keys = new ApiKeyStore(database);
                List<String> secrets = new ArrayList<>();
                for (int i = 0; i < settings.streams(); i++) {
                    secrets.add(keys.add("bench-" + i, null).key());
                }
                try (ApiStreams api = new ApiStreams("http://127.0.0.1:" + bot.apiPort().getAsInt() + "/v1",
                        secrets)) {
                    return new ApiStreamBenchmark(settings, api, engine.get(), api.model()).measure();
                }
            }
        }
    }

    private final Settings settings;
    private final ApiStreams api;
    private final InferenceEngine engine;
    private final EngineSideSpeeds speeds;
    private final String schema = SchemaPresets.get(PRESET).map(CheckedSchema::json).orElseThrow();
    private final String model;

    /**
     * @param speeds the bot's engine; asked directly through its {@code engine()}, which notes nothing
     * @param model  the model as the API names it
     */
    private ApiStreamBenchmark(Settings settings, ApiStreams api, EngineSideSpeeds speeds, String model) {
        this.settings = settings;
        this.api = api;
        this.speeds = speeds;
        this.engine = speeds.engine();
        this.model = model;
    }

    private ApiStreamReport measure() throws Exception {
        ApiStreamReport report = new ApiStreamReport(settings, model);
        // One at a time, the four ways in turn with the same seed, the order flipped every repetition so that
        // neither way always finds the other's prompt in the slot's cache.
        for (int rep = -settings.warmups(); rep < settings.reps(); rep++) {
            long seed = 1000 + settings.warmups() + rep;
            boolean apiFirst = rep % 2 != 0;
            for (boolean json : new boolean[] {false, true}) {
                StreamFigure first = apiFirst ? viaApi(seed, json) : direct(seed, json);
                StreamFigure second = apiFirst ? direct(seed, json) : viaApi(seed, json);
                if (rep >= 0) {
                    report.single(json, apiFirst ? second : first, apiFirst ? first : second);
                }
            }
        }
        report.noteLoad();
        for (int round = settings.warmups() > 0 ? -1 : 0; round < settings.rounds(); round++) {
            List<ChatCompletionCreateParams> streams = new ArrayList<>();
            List<ChatRequest> requests = new ArrayList<>();
            for (int i = 0; i < settings.streams(); i++) {
                long seed = 2000 + 100L * (round + 1) + i;
                streams.add(apiRequest(seed, false));
                requests.add(engineRequest("bench:engine:" + i, seed, false));
            }
            List<StreamFigure> viaApi = new ArrayList<>();
            for (StreamFigure figure : api.together(streams)) {
                viaApi.add(figure.withEngineSpeed(speeds.of(figure.id())));
            }
            List<StreamFigure> direct = EngineStreams.answers(engine, requests);
            if (round >= 0) {
                report.round(viaApi, direct);
            }
        }
        report.noteLoad();
        return report;
    }

    private StreamFigure viaApi(long seed, boolean json) throws InterruptedException {
        StreamFigure figure = api.answer(apiRequest(seed, json));
        return figure.withEngineSpeed(speeds.of(figure.id()));
    }

    private StreamFigure direct(long seed, boolean json) throws Exception {
        return EngineStreams.answer(engine, engineRequest("bench:engine", seed, json));
    }

    /** The API's request: a system message and a question, as the bot turns it into {@link #engineRequest}. */
    @SuppressWarnings("deprecation") // OpenAI's client deprecates seed; the bot honours it, and runs must compare
    private ChatCompletionCreateParams apiRequest(long seed, boolean json) {
        ChatCompletionCreateParams.Builder request = ChatCompletionCreateParams.builder().model(model)
                .addSystemMessage(SYSTEM).addUserMessage(QUESTION).maxCompletionTokens(settings.maxTokens())
                .temperature(TEMPERATURE).seed(seed)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        if (json) {
            // A preset by name, as /extract's users and the README's example ask for it.
            request.responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(
                    ResponseFormatJsonSchema.JsonSchema.builder().name(PRESET).build()).build());
        }
        return request.build();
    }

    /** The same request for the engine: the bot's default parameters with the API's temperature, seed and length. */
    private ChatRequest engineRequest(String requester, long seed, boolean json) {
        GenerationParams params = GenerationParams.DEFAULTS.withTemperature(TEMPERATURE)
                .withMaxTokens(settings.maxTokens()).withSeed(seed);
        return new ChatRequest(requester, List.of(ChatMessage.system(SYSTEM), ChatMessage.user(QUESTION)), params)
                .withOutput(json ? OutputRules.NONE.withJsonSchema(schema) : OutputRules.NONE);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
