package ru.saigabot.bot.bench;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import ru.saigabot.bot.access.AccessRules;
import ru.saigabot.bot.app.BotApplication;
import ru.saigabot.bot.app.RunOptions;
import ru.saigabot.bot.config.BotConfig;
import ru.saigabot.bot.config.TelegramEndpoint;
import ru.saigabot.bot.testing.inference.InstantEngine;

/**
 * The bot that {@link MessagePathBenchmark} measures, in a JVM of its own as in production: the Bot API
 * emulator keeps every message it was sent, and in one JVM that grew the bot's heap and lengthened its
 * collector's pauses (35-60 ms young pauses every two seconds at 500 updates/s).
 *
 * <p>Arguments: the emulator's URL, the database's JDBC URL, the data directory and the model file, and
 * {@value #SEND_LIMITS} to keep Telegram's sending limits as in production ({@link LivenessBenchmark}); without it
 * they are off. Prints {@code ready} on stdout once polling, and stops when stdin closes (the benchmark ending).
 */
public final class BenchBot {
    static final String SEND_LIMITS = "send-limits";

    public static void main(String[] args) throws Exception {
        if (args.length != 4 && !(args.length == 5 && args[4].equals(SEND_LIMITS))) {
            throw new IllegalArgumentException("usage: BenchBot <telegram-url> <jdbc-url> <data-dir> <model> ["
                    + SEND_LIMITS + "]");
        }
        BotConfig config = new BotConfig(MessagePathBenchmark.TOKEN, TelegramEndpoint.parse(args[0]),
                Path.of(args[3]), Optional.of(args[1]), Path.of(args[2]), 4, 1, 1024, "auto");
        // Each of the benchmark's users writes every 0.4 s at 500 updates/s: while the JIT warms up, more than
        // the default 3 of their requests wait at once, and the bot would refuse some instead of answering.
        RunOptions options = new RunOptions(1, 1000, 64, -1).withAccess(new AccessRules(Set.of(), Set.of(), 0, 100));
        if (args.length == 4) {
            options = options.withoutSendLimits();
        }
        try (BotApplication bot = BotApplication.start(config, options,
                c -> new InstantEngine("Готово: это ответ генератора-заглушки."))) {
            System.out.println(BenchBotProcess.READY);
            System.out.flush();
            while (System.in.read() != -1) {
                // runs until the benchmark closes its end of the pipe
            }
        }
    }
}
