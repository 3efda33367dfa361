package ru.saigabot.bot.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import ru.saigabot.inference.SettingRange;
import ru.saigabot.inference.llama.KvCacheType;
import ru.saigabot.inference.llama.LlamaEngineConfig;
import ru.saigabot.inference.template.ChatTemplates;

/**
 * Everything {@code saiga-bot run} needs, validated once. Built by the command line from flags and
 * environment variables; passed by constructor from there on. A refusal is a {@link ConfigException}, or an
 * {@link ru.saigabot.inference.InvalidSettingException} for a number out of its {@link SettingRange}.
 *
 * @param model       the .gguf file; null with {@link InferenceMode#QUEUE}, where workers load the model
 * @param databaseUrl a {@code jdbc:postgresql:} URL, or empty for the embedded PostgreSQL under dataDir
 * @param inference   where answers are generated
 * @param kvCacheType how the local model's slots store their context ({@code --kv-cache-type})
 * @param kvSlots     conversations whose KV cache the local model keeps ({@code --kv-slots}); {@code slots} of them
 *                    generate at once; 0 is as many as {@code slots}
 */
public record BotConfig(
        String token,
        TelegramEndpoint telegram,
        Path model,
        Optional<String> databaseUrl,
        Path dataDir,
        int slots,
        int threads,
        int ctxSize,
        String template,
        InferenceMode inference,
        KvCacheType kvCacheType,
        int kvSlots) {

    public BotConfig(String token, TelegramEndpoint telegram, Path model, Optional<String> databaseUrl, Path dataDir,
                     int slots, int threads, int ctxSize, String template, InferenceMode inference) {
        this(token, telegram, model, databaseUrl, dataDir, slots, threads, ctxSize, template, inference,
                KvCacheType.F16, 0);
    }

    /** The local pool's settings: the model is loaded in this process. */
    public BotConfig(String token, TelegramEndpoint telegram, Path model, Optional<String> databaseUrl, Path dataDir,
                     int slots, int threads, int ctxSize, String template) {
        this(token, telegram, model, databaseUrl, dataDir, slots, threads, ctxSize, template, InferenceMode.LOCAL);
    }

    /** The same settings for another model file (a second model loaded for side-by-side battles). */
    public BotConfig withModel(Path other) {
        return new BotConfig(token, telegram, other, databaseUrl, dataDir, slots, threads, ctxSize, template, inference,
                kvCacheType, kvSlots);
    }

    public BotConfig withKvCacheType(KvCacheType value) {
        return new BotConfig(token, telegram, model, databaseUrl, dataDir, slots, threads, ctxSize, template, inference,
                value, kvSlots);
    }

    public BotConfig withKvSlots(int value) {
        return new BotConfig(token, telegram, model, databaseUrl, dataDir, slots, threads, ctxSize, template, inference,
                kvCacheType, value);
    }

    /** How to load the local model (adapters aside): {@code kvSlots} llama.cpp slots, {@code slots} generating. */
    public LlamaEngineConfig llama() {
        int cached = Math.max(slots, kvSlots);
        return new LlamaEngineConfig(model, cached, threads, ctxSize, template).withKvCacheType(kvCacheType)
                .withSlots(cached, slots);
    }

    /** {@code --kv-slots}: 0 (as many as --slots) or --slots up to the slots llama.cpp takes. */
    public static void checkKvSlots(int kvSlots, int slots) {
        if (kvSlots != 0) {
            SettingRange.SLOTS.check("--kv-slots", kvSlots);
            if (kvSlots < slots) {
                throw new ConfigException("--kv-slots (" + kvSlots + ") must be 0 or at least --slots (" + slots
                        + "): it counts the conversations whose cache is kept, --slots of which generate at once");
            }
        }
    }

    public BotConfig {
        Objects.requireNonNull(telegram, "telegram");
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(dataDir, "dataDir");
        if (token == null || token.isBlank()) {
            throw new ConfigException("no Telegram bot token: pass --token or set TELEGRAM_BOT_TOKEN "
                    + "(get one from @BotFather with /newbot)");
        }
        if (!token.strip().matches("\\d+:[A-Za-z0-9_-]{20,}")) {
            throw new ConfigException("the Telegram bot token does not look like one from @BotFather "
                    + "(expected <digits>:<at least 20 letters, digits, _ or ->); check --token / TELEGRAM_BOT_TOKEN");
        }
        token = token.strip();
        Objects.requireNonNull(inference, "inference");
        Objects.requireNonNull(kvCacheType, "kvCacheType");
        checkKvSlots(kvSlots, slots);
        if (inference == InferenceMode.QUEUE) {
            if (databaseUrl.isEmpty()) {
                throw new ConfigException("--inference queue needs --db-url (DATABASE_URL): the workers take the "
                        + "generations from the bot's PostgreSQL, and the embedded one is reachable by this process only");
            }
            model = null; // the workers' --model counts; a shared .env may still set SAIGA_MODEL for them
        } else if (model == null || model.toString().isBlank()) {
            throw new ConfigException("no model: pass --model PATH or set SAIGA_MODEL to a .gguf file "
                    + "(see README, 'Getting a model'), or run --inference queue with saiga-bot worker processes");
        }
        databaseUrl.ifPresent(url -> {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new ConfigException("--db-url must be a jdbc:postgresql: URL, e.g. "
                        + "jdbc:postgresql://localhost:5432/saiga?user=saiga&password=...; got '" + redact(url) + "'");
            }
        });
        // The engine's own ranges, named by the flags that set them.
        SettingRange.SLOTS.checkOption(slots);
        SettingRange.THREADS.checkOption(threads);
        SettingRange.CTX_SIZE.checkOption(ctxSize);
        template = chatTemplate(template);
    }

    /**
     * The value of {@code --template} as the engine takes it: blank is auto (detect from the model file).
     *
     * @throws ConfigException for a name no template has, listing the valid ones
     */
    public static String chatTemplate(String value) {
        String template = value == null || value.isBlank() ? LlamaEngineConfig.AUTO_TEMPLATE : value.strip();
        if (!template.equals(LlamaEngineConfig.AUTO_TEMPLATE)) {
            try {
                ChatTemplates.byName(template);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--template: " + e.getMessage() + ", or auto (detect from the model file)");
            }
        }
        return template;
    }

    /** The token's numeric part: safe to log, unlike the secret after the colon. */
    public String botId() {
        return token.substring(0, token.indexOf(':'));
    }

    @Override
    public String toString() {
        return "BotConfig[bot=" + botId() + ", telegram=" + telegram + ", inference=" + inference.optionValue()
                + ", model=" + (model == null ? "on workers" : model) + ", db="
                + databaseUrl.map(BotConfig::redact).orElse("embedded") + ", dataDir=" + dataDir
                + ", slots=" + slots + ", threads=" + threads + ", ctxSize=" + ctxSize + ", template=" + template
                + ", kvCache=" + kvCacheType.label() + ", kvSlots=" + kvSlots + "]";
    }

    /** Hides a password given in the URL, so error messages and logs never carry it. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//([^/:@]+):[^@/]*@", "//$1:***@");
    }
}
