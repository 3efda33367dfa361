package ru.saigabot.bot.app;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.telegram.TelegramCallException;
import ru.saigabot.bot.telegram.TelegramGateway;

/** Who the bot is on Telegram; checking it at start-up also proves the token works. */
record BotIdentity(long id, String username) {
    private static final Logger log = LoggerFactory.getLogger(BotIdentity.class);

    /**
     * Asks getMe. A refused token stops start-up; an unreachable Telegram is waited for, since the
     * network may come back and the bot must then just work.
     */
    static BotIdentity fetch(TelegramGateway telegram, BotConfig config) {
        int attempt = 0;
        while (true) {
            try {
                User me = telegram.call(new GetMe());
                return new BotIdentity(me.getId(), me.getUserName());
            } catch (TelegramCallException e) {
                if (e.isUnauthorized()) {
                    throw new ConfigException("Telegram refused the bot token for bot " + config.botId()
                            + " (" + e.getMessage() + "); check --token / TELEGRAM_BOT_TOKEN or get a new one from @BotFather");
                }
                if (!e.isRetryable()) {
                    throw new ConfigException("Telegram at " + config.telegram() + " answered getMe with an error ("
                            + e.getMessage() + "); check --telegram-api-url");
                }
                attempt++;
                log.warn("Telegram unreachable at {}, retrying: attempt={} error={}", config.telegram(), attempt,
                        e.getMessage());
                try {
                    Thread.sleep(Math.min(30_000, 1000L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ConfigException("start-up interrupted while waiting for Telegram at " + config.telegram());
                }
            }
        }
    }

    /** The command menu in Russian (the default) and English. Best effort: the bot works without it. */
    static void registerCommands(TelegramGateway telegram) {
        register(telegram, null);
        register(telegram, "ru");
        register(telegram, "en");
    }

    private static void register(TelegramGateway telegram, String language) {
        try {
            telegram.call(SetMyCommands.builder()
                    .commands(List.of(new BotCommand("start", Phrase.START_DESCRIPTION.in(language)),
                            new BotCommand("help", Phrase.HELP_DESCRIPTION.in(language)),
                            new BotCommand("new", Phrase.CMD_NEW.in(language)),
                            new BotCommand("stop", Phrase.CMD_STOP.in(language)),
                            new BotCommand("chats", Phrase.CMD_CHATS.in(language)),
                            new BotCommand("system", Phrase.CMD_SYSTEM.in(language)),
                            new BotCommand("params", Phrase.CMD_PARAMS.in(language)),
                            new BotCommand("model", Phrase.CMD_MODEL.in(language)),
                            new BotCommand("arena", Phrase.CMD_ARENA.in(language)),
                            new BotCommand("annotate", Phrase.CMD_ANNOTATE.in(language)),
                            new BotCommand("extract", Phrase.CMD_EXTRACT.in(language)),
                            new BotCommand("docs", Phrase.CMD_DOCS.in(language)),
                            new BotCommand("privacy", Phrase.CMD_PRIVACY.in(language)),
                            new BotCommand("forget", Phrase.FORGET_DESCRIPTION.in(language))))
                    .languageCode(language)
                    .build());
        } catch (TelegramCallException e) {
            log.warn("command menu not registered: language={} error={}", language, e.getMessage());
        }
    }
}
