package ru.saigabot.bot.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import ru.saigabot.bot.access.AccessRules;
import ru.saigabot.bot.app.BotApplication;
import ru.saigabot.bot.app.RunOptions;
import ru.saigabot.bot.app.RunSettings;
import ru.saigabot.bot.arena.ArenaOptions;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.config.InferenceMode;
import ru.saigabot.bot.config.TelegramEndpoint;
import ru.saigabot.bot.documents.DocumentOptions;
import ru.saigabot.bot.api.ApiOptions;
import ru.saigabot.bot.health.HealthOptions;
import ru.saigabot.bot.web.WebOptions;
import ru.saigabot.bot.worker.QueueOptions;

/**
 * {@code saiga-bot run}: the Telegram bot, until SIGTERM. Every option is also an environment
 * variable and a key of the {@code --config} file; {@link LayeredDefaults} orders them.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        defaultValueProvider = LayeredDefaults.class,
        description = "Run the Telegram bot (long polling) with a local GGUF model, or with inference workers.",
        footer = {"", "Every option can also be set by its environment variable, or in the --config file under its "
                + "name without dashes (max-tokens: 512). A flag beats the environment, which beats the file, which "
                + "beats the default."})
final class RunCommand implements Callable<Integer> {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RunCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = LayeredDefaults.CONFIG_OPTION, defaultValue = "${env:SAIGA_CONFIG}", paramLabel = "FILE",
            description = "Settings file, YAML (.yaml, .yml) or .properties, keys = the long option names without "
                    + "dashes; an unknown key is refused [env SAIGA_CONFIG].")
    Path config;

    @Option(names = "--token", defaultValue = "${env:TELEGRAM_BOT_TOKEN}", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Bot token from @BotFather [env TELEGRAM_BOT_TOKEN].")
    String token;

    @Option(names = "--telegram-api-url", defaultValue = "${env:TELEGRAM_API_URL:-https://api.telegram.org}",
            description = "Bot API server: scheme, host, port [env TELEGRAM_API_URL] (default: ${DEFAULT-VALUE}).")
    String telegramApiUrl;

    @Option(names = "--model", defaultValue = "${env:SAIGA_MODEL}",
            description = "Path to a .gguf model file [env SAIGA_MODEL]; not needed with --inference queue.")
    Path model;

    @Option(names = "--inference", defaultValue = "${env:SAIGA_INFERENCE:-local}", paramLabel = "MODE",
            description = "local: the model runs in this process; queue: 'saiga-bot worker' processes on this or "
                    + "other machines take the generations from the database [env SAIGA_INFERENCE] "
                    + "(default: ${DEFAULT-VALUE}).")
    String inference;

    @Option(names = "--max-attempts", defaultValue = "${env:SAIGA_MAX_ATTEMPTS:-3}",
            description = "With --inference queue: how many times workers may take up one answer; when each of them "
                    + "lost it (died, hung, lost the database), the answer fails and the user is told "
                    + "[env SAIGA_MAX_ATTEMPTS] (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--db-url", defaultValue = "${env:DATABASE_URL}",
            description = "jdbc:postgresql: URL [env DATABASE_URL]; without it an embedded PostgreSQL runs under --data-dir.")
    String dbUrl;

    @Option(names = "--data-dir", defaultValue = "${env:SAIGA_DATA_DIR:-${sys:user.home}/.local/share/saiga-bot}",
            description = "Where the embedded database lives [env SAIGA_DATA_DIR] (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--slots", defaultValue = "${env:SAIGA_SLOTS:-2}",
            description = "Conversations generated at once [env SAIGA_SLOTS] (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--threads", defaultValue = "${env:SAIGA_THREADS:-0}",
            description = "CPU threads for llama.cpp; 0 = all cores [env SAIGA_THREADS] (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--ctx-size", defaultValue = "${env:SAIGA_CTX_SIZE:-4096}",
            description = "Context of one conversation in tokens [env SAIGA_CTX_SIZE] (default: ${DEFAULT-VALUE}).")
    int ctxSize;

    @Mixin
    KvCacheOptions kvCache;

    @Option(names = "--template", defaultValue = "${env:SAIGA_TEMPLATE:-auto}",
            description = "Chat format: auto (from the model file), saiga_v2, llama3, chatml, mistral or gguf "
                    + "[env SAIGA_TEMPLATE] (default: ${DEFAULT-VALUE}).")
    String template;

    @Option(names = "--max-tokens", defaultValue = "${env:SAIGA_MAX_TOKENS:-512}",
            description = "Longest answer in tokens [env SAIGA_MAX_TOKENS] (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--seed", defaultValue = "${env:SAIGA_SEED:--1}",
            description = "Sampling seed; -1 = a new one per answer [env SAIGA_SEED] (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--retention-days", defaultValue = "${env:SAIGA_RETENTION_DAYS:-0}",
            description = "Delete conversations idle for this many days; 0 keeps them [env SAIGA_RETENTION_DAYS] "
                    + "(default: ${DEFAULT-VALUE}).")
    int retentionDays;

    @Option(names = "--admins", defaultValue = "${env:SAIGA_ADMINS}",
            description = "Telegram user ids of the bot's admins, comma-separated: exempt from limits, may use /stats "
                    + "and change any group's settings [env SAIGA_ADMINS].")
    String admins;

    @Option(names = "--allow", defaultValue = "${env:SAIGA_ALLOW}",
            description = "Allowlist mode: serve only these user and group ids, comma-separated; empty serves everyone "
                    + "[env SAIGA_ALLOW].")
    String allow;

    @Option(names = "--max-messages-per-hour", defaultValue = "${env:SAIGA_MAX_MESSAGES_PER_HOUR:-60}",
            description = "Questions one user may ask per hour; 0 = no limit [env SAIGA_MAX_MESSAGES_PER_HOUR] "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxMessagesPerHour;

    @Option(names = "--max-queued-per-user", defaultValue = "${env:SAIGA_MAX_QUEUED_PER_USER:-3}",
            description = "Requests one user may have waiting or running [env SAIGA_MAX_QUEUED_PER_USER] "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxQueuedPerUser;

    @Option(names = "--max-document-mb", defaultValue = "${env:SAIGA_MAX_DOCUMENT_MB:-20}",
            description = "Largest file a user may send to ask questions about, in MB; Telegram hands bots files up "
                    + "to 20 MB [env SAIGA_MAX_DOCUMENT_MB] (default: ${DEFAULT-VALUE}).")
    int maxDocumentMb;

    @Option(names = "--adapter", defaultValue = "${env:SAIGA_ADAPTER:-auto}",
            description = "LoRA adapter to serve beside the model (see 'saiga-bot adapters'): a name, none, or auto = "
                    + "the one registered for --model [env SAIGA_ADAPTER] (default: ${DEFAULT-VALUE}).")
    String adapter;

    @Option(names = "--arena-overlap", defaultValue = "${env:SAIGA_ARENA_OVERLAP:-3}",
            description = "Votes each arena task collects before /annotate stops handing it out "
                    + "[env SAIGA_ARENA_OVERLAP] (default: ${DEFAULT-VALUE}).")
    int arenaOverlap;

    @Option(names = "--arena-a", defaultValue = "${env:SAIGA_ARENA_A}", paramLabel = "VARIANT",
            description = "Live /arena battles, side a: MODEL[+ADAPTER][@key=value,...] of the served model "
                    + "[env SAIGA_ARENA_A] (default: the served model).")
    String arenaA;

    @Option(names = "--arena-b", defaultValue = "${env:SAIGA_ARENA_B}", paramLabel = "VARIANT",
            description = "Live /arena battles, side b [env SAIGA_ARENA_B] (default: the served model with its "
                    + "adapter, or at temperature 0.8 when no adapter is served).")
    String arenaB;

    @Option(names = "--arena-share", defaultValue = "${env:SAIGA_ARENA_SHARE:-0}", paramLabel = "SHARE",
            description = "Share of ordinary messages answered as a live A/B battle, 0..1 [env SAIGA_ARENA_SHARE] "
                    + "(default: ${DEFAULT-VALUE}: only after /arena).")
    double arenaShare;

    @Option(names = "--http-port", defaultValue = "${env:SAIGA_HTTP_PORT:-0}",
            description = "Serve /healthz, /readyz and /metrics (Prometheus) on this port; 0 = off "
                    + "[env SAIGA_HTTP_PORT] (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--http-host", defaultValue = "${env:SAIGA_HTTP_HOST:-127.0.0.1}",
            paramLabel = "ADDRESS",
            description = "Address /healthz, /readyz and /metrics listen on: 127.0.0.1 = this machine only, "
                    + "0.0.0.0 = every interface (in a container whose port is published) [env SAIGA_HTTP_HOST] "
                    + "(default: ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--api-port", defaultValue = "${env:SAIGA_API_PORT:-0}",
            description = "Serve the OpenAI-compatible API (/v1/chat/completions, /v1/models, /v1/feedback) on this "
                    + "port; 0 = off [env SAIGA_API_PORT] (default: ${DEFAULT-VALUE}). Keys: 'saiga-bot api-keys'.")
    int apiPort;

    @Option(names = "--api-host", defaultValue = "${env:SAIGA_API_HOST:-127.0.0.1}", paramLabel = "ADDRESS",
            description = "Address the API listens on: 127.0.0.1 = this machine only, 0.0.0.0 = every interface "
                    + "(put TLS in front) [env SAIGA_API_HOST] (default: ${DEFAULT-VALUE}).")
    String apiHost;

    @Option(names = "--web-port", defaultValue = "${env:SAIGA_WEB_PORT:-0}",
            description = "Serve the web chat (and, for admin invites, the dashboard at /admin) on this port; 0 = off "
                    + "[env SAIGA_WEB_PORT] (default: ${DEFAULT-VALUE}). Links in: 'saiga-bot web invite'.")
    int webPort;

    @Option(names = "--web-host", defaultValue = "${env:SAIGA_WEB_HOST:-127.0.0.1}", paramLabel = "ADDRESS",
            description = "Address the web chat listens on: 127.0.0.1 = this machine only, 0.0.0.0 = every "
                    + "interface (put TLS in front) [env SAIGA_WEB_HOST] (default: ${DEFAULT-VALUE}).")
    String webHost;

    @Option(names = "--poll-timeout", defaultValue = "50", hidden = true,
            description = "Seconds one getUpdates long poll waits (tests use less).")
    int pollTimeoutSeconds;

    @Option(names = "--stream-interval-ms", defaultValue = "1000", hidden = true,
            description = "Least milliseconds between two edits of a streamed answer.")
    long streamIntervalMillis;

    @Override
    public Integer call() throws InterruptedException {
        if (spec.defaultValueProvider() instanceof LayeredDefaults layers) {
            layers.verify(spec); // a config file that cannot be read, or holds an unknown key
        }
        RunSettings settings = toSettings();
        BotApplication app = BotApplication.start(settings);
        SignalStop signal = SignalStop.install("shutdown", app::close);
        app.stopsOnlyWhenClosed();
        // From here a SIGTERM stops the bot with status 0 (the bot polls already: before this, the JVM's 143).
        log.info("running: SIGTERM or Ctrl+C stops the bot");
        int status = ExitCodes.FAILURE;
        try {
            String fatal = app.awaitStop();
            app.close();
            if (fatal != null) {
                status = ExitCodes.USER_ERROR;
                throw new ConfigException(fatal);
            }
            List<String> failed = app.failedToClose();
            if (!failed.isEmpty()) {
                spec.commandLine().getErr().println("saiga-bot: stopped, but closing " + String.join(", ", failed)
                        + " failed; the log says why");
                spec.commandLine().getErr().flush();
            }
            status = failed.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
            return status;
        } finally {
            signal.ended(status);
        }
    }

    /** Every flag of this command in one validated value; refuses what is out of range or does not fit together. */
    RunSettings toSettings() {
        BotConfig config = toConfig();
        RunOptions options = new RunOptions(pollTimeoutSeconds, streamIntervalMillis, maxTokens, seed,
                RunOptions.DEFAULT_CACHE_CHARACTERS, retentionDays, new AccessRules(AccessRules.ids("--admins", admins),
                AccessRules.ids("--allow", allow), maxMessagesPerHour, maxQueuedPerUser), adapter, true,
                HealthOptions.on(httpHost, httpPort, pollTimeoutSeconds));
        return new RunSettings(config, options, new ArenaOptions(arenaOverlap, arenaA, arenaB, arenaShare),
                new QueueOptions(maxAttempts), ApiOptions.on(apiHost, apiPort), new DocumentOptions(maxDocumentMb),
                WebOptions.on(webHost, webPort));
    }

    BotConfig toConfig() {
        int effectiveThreads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        return new BotConfig(token, TelegramEndpoint.parse(telegramApiUrl), model,
                Optional.ofNullable(dbUrl).filter(url -> !url.isBlank()), dataDir, slots, effectiveThreads, ctxSize,
                template, InferenceMode.parse(inference)).withKvCacheType(kvCache.type())
                .withKvSlots(kvCache.slots());
    }
}
