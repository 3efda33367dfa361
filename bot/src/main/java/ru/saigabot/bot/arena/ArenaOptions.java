package ru.saigabot.bot.arena;

import ru.saigabot.bot.config.ConfigException;

/**
 * The arena settings of {@code run}.
 *
 * @param overlap votes each annotation task collects before /annotate stops handing it out
 */
public record ArenaOptions(int overlap) {
    public static final int DEFAULT_OVERLAP = 3;
    public static final ArenaOptions DEFAULTS = new ArenaOptions(DEFAULT_OVERLAP);

    public ArenaOptions {
        if (overlap < 1 || overlap > 100) {
            throw new ConfigException("--arena-overlap = " + overlap + " is out of range; allowed 1..100 votes per task");
        }
    }
}
