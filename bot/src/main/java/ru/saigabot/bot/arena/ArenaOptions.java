package ru.saigabot.bot.arena;

import ru.saigabot.bot.config.ConfigException;

/**
 * The arena settings of {@code run}.
 *
 * @param overlap votes each annotation task collects before /annotate stops handing it out
 * @param liveA   the variant of live battles (/arena) on side a, or null for the default: the served model
 * @param liveB   the variant on side b, or null for the default: the served model with its adapter when one is
 *                served, otherwise the served model at a higher temperature
 * @param share   the share of ordinary messages answered as a live battle, 0..1 (0: only after /arena)
 */
public record ArenaOptions(int overlap, String liveA, String liveB, double share) {
    public static final int DEFAULT_OVERLAP = 3;
    public static final ArenaOptions DEFAULTS = new ArenaOptions(DEFAULT_OVERLAP);

    public ArenaOptions(int overlap) {
        this(overlap, null, null, 0);
    }

    public ArenaOptions {
        if (overlap < 1 || overlap > 100) {
            throw new ConfigException("--arena-overlap = " + overlap
                    + " is out of range; allowed 1..100 votes per task");
        }
        if (!(share >= 0 && share <= 1)) {
            throw new ConfigException("--arena-share = " + share + " is out of range; allowed 0..1 (0.05 = every "
                    + "twentieth message)");
        }
        liveA = liveA == null || liveA.isBlank() ? null : liveA.strip();
        liveB = liveB == null || liveB.isBlank() ? null : liveB.strip();
    }
}
