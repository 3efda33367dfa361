package ru.saigabot.bot.web.admin;

import static ru.saigabot.bot.store.Statements.one;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import ru.saigabot.bot.store.Database;
import ru.saigabot.training.arena.ArenaAnalysis;
import ru.saigabot.training.arena.ArenaReport;
import ru.saigabot.training.arena.ArenaVoteReader;

/**
 * The arena's figures as {@code saiga-bot arena report} computes them (the same reader, analysis and defaults, so
 * both show the same numbers), for all votes, annotation tasks only, or live battles only. Its bootstrap of the
 * ratings resamples the votes a thousand times, which takes long once there are many: a report is kept until a vote
 * is cast, changed or deleted, which one aggregate over the decided votes tells.
 */
final class ArenaResults {
    /** What the report was computed from: the decided votes' count, ids and latest vote time. */
    private record Fingerprint(long votes, long idSum, long lastVotedMicros) {}

    private record Kept(Fingerprint fingerprint, ArenaReport report) {}

    private final Database database;
    private final ArenaAnalysis analysis = new ArenaAnalysis(0, ArenaAnalysis.DEFAULT_BOOTSTRAP,
            ArenaAnalysis.DEFAULT_SEED, ArenaAnalysis.DEFAULT_PRIOR);
    private final ArenaVoteReader reader = new ArenaVoteReader();
    private final Map<ArenaVoteReader.Origin, Kept> kept = new ConcurrentHashMap<>();

    ArenaResults(Database database) {
        this.database = database;
    }

    ArenaReport report(ArenaVoteReader.Origin origin) {
        Fingerprint now = database.query(connection -> one(connection, "SELECT count(*) AS votes, "
                        + "coalesce(sum(v.id), 0) AS id_sum, "
                        + "coalesce((extract(epoch FROM max(v.voted_at)) * 1000000)::bigint, 0) AS last_voted "
                        + "FROM arena_vote v JOIN arena_task t ON t.id = v.task_id "
                        + "WHERE v.choice IN ('a', 'b', 'tie', 'both_bad') AND t.answer_a IS NOT NULL "
                        + "AND t.answer_b IS NOT NULL AND (?::text IS NULL OR t.origin = ?::text)",
                row -> new Fingerprint(row.getLong("votes"), row.getLong("id_sum"), row.getLong("last_voted")),
                origin.dbName(), origin.dbName()).orElseThrow());
        Kept known = kept.get(origin);
        if (known != null && known.fingerprint().equals(now)) {
            return known.report();
        }
        ArenaReport report = analysis.analyse(database.query(connection -> reader.read(connection, origin)));
        kept.put(origin, new Kept(now, report));
        return report;
    }
}
