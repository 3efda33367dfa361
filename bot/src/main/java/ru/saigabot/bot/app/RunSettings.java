package ru.saigabot.bot.app;

import java.util.Objects;
import ru.saigabot.bot.api.ApiOptions;
import ru.saigabot.bot.arena.ArenaOptions;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.documents.DocumentOptions;
import ru.saigabot.bot.web.WebOptions;
import ru.saigabot.bot.worker.QueueOptions;

/**
 * Everything {@code saiga-bot run} was given, as one value validated in one place before anything starts: each
 * part checks its own values when it is built, and this checks the rules between the parts. Immutable, so
 * {@link BotApplication} starts only with settings that fit together.
 *
 * @param config  what to connect to and how to load the model
 * @param options tuning of the bot: answer length, seed, access, health endpoints
 * @param arena   the side-by-side arena's settings
 * @param queue   the bot's side of {@code --inference queue} (used only in that mode)
 * @param api     where the OpenAI-compatible API is served, if it is
 * @param documents how files sent to the bot are taken
 * @param web     where the web chat and the dashboard are served, if they are
 */
public record RunSettings(BotConfig config, RunOptions options, ArenaOptions arena, QueueOptions queue,
                          ApiOptions api, DocumentOptions documents, WebOptions web) {

    public RunSettings(BotConfig config, RunOptions options, ArenaOptions arena, QueueOptions queue) {
        this(config, options, arena, queue, ApiOptions.OFF, DocumentOptions.DEFAULTS, WebOptions.OFF);
    }

    /** With the queue's defaults. */
    public RunSettings(BotConfig config, RunOptions options, ArenaOptions arena) {
        this(config, options, arena, QueueOptions.DEFAULTS);
    }

    /** The same settings with the API served as {@code value} says. */
    public RunSettings withApi(ApiOptions value) {
        return new RunSettings(config, options, arena, queue, value, documents, web);
    }

    /** The same settings with files taken as {@code value} says. */
    public RunSettings withDocuments(DocumentOptions value) {
        return new RunSettings(config, options, arena, queue, api, value, web);
    }

    /** The same settings with the web chat served as {@code value} says. */
    public RunSettings withWeb(WebOptions value) {
        return new RunSettings(config, options, arena, queue, api, documents, value);
    }

    public RunSettings {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(arena, "arena");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(documents, "documents");
        Objects.requireNonNull(web, "web");
        if (options.maxTokens() >= config.ctxSize()) {
            throw new ConfigException("--max-tokens (" + options.maxTokens() + ") must be smaller than --ctx-size ("
                    + config.ctxSize() + "): the prompt and the answer share one context");
        }
    }
}
