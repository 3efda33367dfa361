package ru.saigabot.bot.testing.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import ru.saigabot.bot.api.ApiOptions;
import ru.saigabot.bot.app.BotApplication;
import ru.saigabot.bot.app.RunSettings;
import ru.saigabot.bot.app.RunOptions;
import ru.saigabot.bot.arena.ArenaOptions;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.InferenceMode;
import ru.saigabot.bot.config.TelegramEndpoint;
import ru.saigabot.bot.testing.db.FreshDatabase.DatabaseUrl;
import ru.saigabot.bot.testing.db.Sql;
import ru.saigabot.bot.testing.model.TinyModelFile.ModelPath;
import ru.saigabot.bot.testing.telegram.BotApiEmulator;
import ru.saigabot.bot.web.WebOptions;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.llama.LlamaEngine;
import ru.saigabot.inference.llama.LlamaEngineConfig;

/**
 * The whole bot as a test meets it: the Bot API emulator over HTTP, the bot on the tiny model, and a
 * fresh PostgreSQL database, started together and closed in reverse order.
 */
public final class RunningBot implements AutoCloseable {
    public static final String TOKEN = "7000001:TEST-token-for-the-emulator-only";
    public static final String USERNAME = "SaigaTestBot";
    public static final Duration WAIT = Duration.ofSeconds(60);

    public final BotApiEmulator telegram;
    public final BotApplication bot;
    public final Sql sql;

    private RunningBot(BotApiEmulator telegram, BotApplication bot, Sql sql) {
        this.telegram = telegram;
        this.bot = bot;
        this.sql = sql;
    }

    /** A bot answering in at most {@code maxTokens} tokens, with edits every 100 ms. */
    public static RunningBot start(DatabaseUrl db, ModelPath model, Path dataDir, RunOptions options) {
        return start(db, model, dataDir, options, 2);
    }

    public static RunningBot start(DatabaseUrl db, ModelPath model, Path dataDir, RunOptions options, int slots) {
        return start(db, model, dataDir, options, slots, ArenaOptions.DEFAULTS);
    }

    public static RunningBot start(DatabaseUrl db, ModelPath model, Path dataDir, RunOptions options, int slots,
                                   ArenaOptions arena) {
        return start(db, telegramUrl -> new BotConfig(TOKEN, telegramUrl, model.path(), Optional.of(db.jdbcUrl()),
                dataDir, slots, 2, 4096, "auto"), settings -> BotApplication.start(settings, options, arena));
    }

    /**
     * A bot on the tiny model as {@link #start(DatabaseUrl, ModelPath, Path, RunOptions, int)} starts it, its engine
     * wrapped by {@code wrap}: a {@link ru.saigabot.bot.testing.inference.HeldAnswers} that holds an answer while the
     * test does what has to happen while it is being written.
     */
    public static RunningBot start(DatabaseUrl db, ModelPath model, Path dataDir, RunOptions options, int slots,
                                   UnaryOperator<InferenceEngine> wrap) {
        return start(db, telegramUrl -> new BotConfig(TOKEN, telegramUrl, model.path(), Optional.of(db.jdbcUrl()),
                dataDir, slots, 2, 4096, "auto"), settings -> BotApplication.start(settings, options,
                config -> wrap.apply(tinyModelEngine(config))));
    }

    /**
     * A bot on the tiny model that also serves the OpenAI-compatible API and the web chat on free loopback ports
     * ({@code bot.apiPort()}, {@code bot.webPort()}), its engine wrapped by {@code wrap}.
     */
    public static RunningBot startWithApi(DatabaseUrl db, ModelPath model, Path dataDir, RunOptions options,
                                          int slots, UnaryOperator<InferenceEngine> wrap) {
        return startWithApi(db, model, dataDir, options, slots, ArenaOptions.DEFAULTS, wrap);
    }

    /** {@link #startWithApi}, with the arena's settings (the two variants of live battles, the overlap). */
    public static RunningBot startWithApi(DatabaseUrl db, ModelPath model, Path dataDir, RunOptions options,
                                          int slots, ArenaOptions arena, UnaryOperator<InferenceEngine> wrap) {
        return start(db, telegramUrl -> new BotConfig(TOKEN, telegramUrl, model.path(), Optional.of(db.jdbcUrl()),
                dataDir, slots, 2, 4096, "auto"), settings -> BotApplication.start(
                new RunSettings(settings, options, arena).withApi(ApiOptions.anyPort())
                        .withWeb(WebOptions.anyPort()),
                config -> wrap.apply(tinyModelEngine(config))));
    }

    /** The web chat's address, {@code http://127.0.0.1:PORT}. */
    public String webUrl() {
        return "http://127.0.0.1:" + bot.webPort().orElseThrow(() -> new IllegalStateException(
                "this bot serves no web chat; start it with startWithApi"));
    }

    /** The llama.cpp engine on the configured model, as {@code saiga-bot run} loads it (no adapter). */
    public static InferenceEngine tinyModelEngine(BotConfig config) {
        return LlamaEngine.load(new LlamaEngineConfig(config.model(), config.slots(), config.threads(),
                config.ctxSize(), config.template()));
    }

    /** A bot with {@code --inference queue}: no model in its process; workers answer through the database. */
    public static RunningBot startQueued(DatabaseUrl db, Path dataDir, RunOptions options) {
        return start(db, telegramUrl -> new BotConfig(TOKEN, telegramUrl, null, Optional.of(db.jdbcUrl()), dataDir, 2,
                2, 4096, "auto", InferenceMode.QUEUE), settings -> BotApplication.start(settings, options,
                ArenaOptions.DEFAULTS));
    }

    /** {@link #startQueued}, also serving the OpenAI-compatible API on a free loopback port. */
    public static RunningBot startQueuedWithApi(DatabaseUrl db, Path dataDir, RunOptions options) {
        return start(db, telegramUrl -> new BotConfig(TOKEN, telegramUrl, null, Optional.of(db.jdbcUrl()), dataDir, 2,
                2, 4096, "auto", InferenceMode.QUEUE), settings -> BotApplication.start(
                new RunSettings(settings, options, ArenaOptions.DEFAULTS).withApi(ApiOptions.anyPort())));
    }

    /**
     * {@link #startQueued}, also serving the web chat and the dashboard on a free loopback port
     * ({@code bot.webPort()}): for tests of the web surface, which need no model.
     */
    public static RunningBot startQueuedWithWeb(DatabaseUrl db, Path dataDir, RunOptions options) {
        return start(db, telegramUrl -> new BotConfig(TOKEN, telegramUrl, null, Optional.of(db.jdbcUrl()), dataDir, 2,
                2, 4096, "auto", InferenceMode.QUEUE), settings -> BotApplication.start(
                new RunSettings(settings, options, ArenaOptions.DEFAULTS).withWeb(WebOptions.anyPort())));
    }

    /** {@code config}: the settings for the emulator's address, which exists only once it has started. */
    private static RunningBot start(DatabaseUrl db, Function<TelegramEndpoint, BotConfig> config,
                                    Function<BotConfig, BotApplication> application) {
        BotApiEmulator telegram = BotApiEmulator.start(TOKEN, USERNAME);
        try {
            BotConfig settings = config.apply(TelegramEndpoint.parse(telegram.baseUrl()));
            return new RunningBot(telegram, application.apply(settings), new Sql(db));
        } catch (RuntimeException e) {
            telegram.close();
            throw e;
        }
    }

    public static RunOptions options(int maxTokens) {
        return new RunOptions(1, 100, maxTokens, 42);
    }

    @Override
    public void close() {
        bot.close();
        telegram.close();
    }
}
