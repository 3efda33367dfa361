package ru.saigabot.bot.worker;

import ru.saigabot.inference.SettingRange;

/**
 * The bot's side of {@code --inference queue}, as {@code run} was given it; the workers' own settings are
 * {@link WorkerSettings}. The bot decides what its users see, so the limit on attempts is its setting, and it
 * travels with each job it publishes.
 *
 * @param maxAttempts how many times workers may claim one answer; once every claim lost its lease (the worker died,
 *                    hung, or lost the database), the answer fails for good and the user is told
 */
public record QueueOptions(int maxAttempts) {

    /**
     * Each attempt that dies costs the user a lease of waiting (30 s by default), so past 20 the answer would come,
     * if ever, after many minutes; 1 redoes nothing.
     */
    public static final SettingRange MAX_ATTEMPTS = SettingRange.whole("max-attempts", "--max-attempts", 1, 20);
    public static final QueueOptions DEFAULTS = new QueueOptions(3);

    public QueueOptions {
        MAX_ATTEMPTS.checkOption(maxAttempts);
    }
}
