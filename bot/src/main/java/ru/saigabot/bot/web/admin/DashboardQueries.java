package ru.saigabot.bot.web.admin;

import static ru.saigabot.bot.store.Statements.list;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.SqlFunction;

/**
 * The dashboard's figures, each one aggregate query: PostgreSQL counts and takes percentiles, Java only carries the
 * rows of the chart (one per day or hour, one per model). Days and hours are the viewer's ({@code zone}, an IANA
 * name); every day or hour of the span has its row, empty ones with zeros or nulls, so a chart's axis has no holes.
 *
 * <p>An answer is an assistant message with a model: the API stores a client's history with its assistant turns,
 * which no model of this bot wrote. Days are counted through the ranges of V14's indexes of questions and answers by
 * time, read without the table; with a million messages, grouping a month's rows by day took most of a second.
 */
final class DashboardQueries {
    /** The span's local days: the last is today, in the viewer's zone. */
    private static final String DAYS = "p AS (SELECT ?::text AS tz, ?::int AS days), "
            + "b AS (SELECT tz, date_trunc('day', now() AT TIME ZONE tz) AS last_local, "
            + "date_trunc('day', now() AT TIME ZONE tz) - (days - 1) * interval '1 day' AS first_local FROM p), "
            + "w AS (SELECT tz, first_local AT TIME ZONE tz AS since FROM b), "
            + "span AS (SELECT d::date AS day, d AT TIME ZONE b.tz AS day_from, "
            + "(d + interval '1 day') AT TIME ZONE b.tz AS day_to FROM b CROSS JOIN LATERAL "
            + "generate_series(b.first_local, b.last_local, interval '1 day') d)";
    /** The span's hours: the last is the current one, still going on. */
    private static final String HOURS = "p AS (SELECT ?::text AS tz, ?::int AS hours), "
            + "b AS (SELECT tz, date_trunc('hour', now() AT TIME ZONE tz) AS last_local, "
            + "date_trunc('hour', now() AT TIME ZONE tz) - (hours - 1) * interval '1 hour' AS first_local FROM p), "
            + "w AS (SELECT tz, first_local AT TIME ZONE tz AS since FROM b), "
            + "span AS (SELECT h AS local_hour, h AT TIME ZONE b.tz AS hour_from, "
            + "least((h + interval '1 hour') AT TIME ZONE b.tz, now()) AS hour_to FROM b CROSS JOIN LATERAL "
            + "generate_series(b.first_local, b.last_local, interval '1 hour') h)";

    /** The figures of one span: by day, and by model label. */
    record Votes(List<DayVotes> days, List<ModelVotes> models) {}

    private final Database database;

    DashboardQueries(Database database) {
        this.database = database;
    }

    /** One day's traffic: messages users sent, answers the bot wrote, and those of them that failed. */
    record DayActivity(LocalDate day, long messages, long answers, long failed) {}

    /** One day's votes on the answers written that day (votes as they stand now: a changed vote counts once). */
    record DayVotes(LocalDate day, long up, long down) {
        /** 👍 among the votes; null on a day without votes. */
        Double upShare() {
            return up + down == 0 ? null : (double) up / (up + down);
        }
    }

    /** Answers of one model label (base, adapters, scale) in the span, and the votes on them. */
    record ModelVotes(ModelLabel model, long answers, long up, long down) {
        Double upShare() {
            return up + down == 0 ? null : (double) up / (up + down);
        }
    }

    /** A median and a 95th percentile; both null when the hour had nothing to measure. */
    record Percentiles(Double p50, Double p95) {
        static final Percentiles NONE = new Percentiles(null, null);
    }

    /**
     * One hour's answers: time to the first token, decode speed (tokens after the first over the time after it, as
     * the answer's log line counts it) and the wait in the queue. Failed answers count for the wait only.
     */
    record HourSpeed(Instant hour, long answers, Percentiles timeToFirstTokenMs, Percentiles tokensPerSecond,
                     Percentiles queueWaitMs) {}

    /**
     * How long the queue was in one hour: requests waiting on average (the time they waited within the hour over the
     * hour) and at the most, and requests being written on average. The current hour counts up to now.
     */
    record HourQueue(Instant hour, double waitingAverage, long waitingPeak, double generatingAverage) {}

    List<DayActivity> activity(String zone, int days) {
        return read(connection -> list(connection, "WITH " + DAYS + " SELECT span.day, "
                        + "(SELECT count(*) FROM message m WHERE m.role = 'user' AND m.created_at >= span.day_from "
                        + "AND m.created_at < span.day_to) AS messages, a.answers, a.failed FROM span "
                        + "CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE m.model IS NOT NULL) AS answers, "
                        + "count(*) FILTER (WHERE m.model IS NOT NULL AND m.status = 'failed') AS failed "
                        + "FROM message m WHERE m.role = 'assistant' AND m.created_at >= span.day_from "
                        + "AND m.created_at < span.day_to) a ORDER BY span.day",
                row -> new DayActivity(row.getObject("day", LocalDate.class), row.getLong("messages"),
                        row.getLong("answers"), row.getLong("failed")), zone, days));
    }

    /**
     * The votes on the answers written in the span, by the day the answer was written (a day's share judges what the
     * bot answered that day) and by model label, with the model's answers; in one statement, which finds the span's
     * answers once. Votes are as they stand now: a changed vote counts once.
     */
    Votes votes(String zone, int days) {
        List<DayVotes> byDay = new ArrayList<>();
        List<ModelVotes> byModel = new ArrayList<>();
        read(connection -> list(connection, "WITH " + DAYS + ", answers AS MATERIALIZED ("
                        + "SELECT m.model, count(*) AS answers, min(m.id) AS first_id FROM message m "
                        + "WHERE m.role = 'assistant' AND m.model IS NOT NULL AND m.created_at >= (SELECT since FROM w) "
                        + "GROUP BY m.model), "
                        // the span's answers have ids from the smallest of them on: the votes' key range
                        + "voted AS MATERIALIZED (SELECT (m.created_at AT TIME ZONE (SELECT tz FROM w))::date AS day, "
                        + "m.model, f.vote FROM feedback f JOIN message m ON m.id = f.message_id "
                        + "WHERE f.message_id >= (SELECT min(first_id) FROM answers) AND m.role = 'assistant' "
                        + "AND m.model IS NOT NULL AND m.created_at >= (SELECT since FROM w)) "
                        + "SELECT span.day, NULL AS model, 0 AS answers, count(*) FILTER (WHERE v.vote = 1) AS up, "
                        + "count(*) FILTER (WHERE v.vote = -1) AS down FROM span LEFT JOIN voted v ON v.day = span.day "
                        + "GROUP BY span.day "
                        + "UNION ALL SELECT NULL, a.model, a.answers, count(*) FILTER (WHERE v.vote = 1), "
                        + "count(*) FILTER (WHERE v.vote = -1) FROM answers a LEFT JOIN voted v ON v.model = a.model "
                        + "GROUP BY a.model, a.answers "
                        + "ORDER BY day, answers DESC, model",
                row -> {
                    String model = row.getString("model");
                    if (model == null) {
                        byDay.add(new DayVotes(row.getObject("day", LocalDate.class), row.getLong("up"),
                                row.getLong("down")));
                    } else {
                        byModel.add(new ModelVotes(ModelLabel.of(model), row.getLong("answers"), row.getLong("up"),
                                row.getLong("down")));
                    }
                    return null;
                }, zone, days));
        return new Votes(List.copyOf(byDay), List.copyOf(byModel));
    }

    List<HourSpeed> speed(String zone, int hours) {
        return read(connection -> list(connection, "WITH " + HOURS + ", a AS ("
                        + "SELECT date_trunc('hour', m.created_at AT TIME ZONE (SELECT tz FROM w)) AS local_hour, "
                        + "m.queue_ms, CASE WHEN m.status <> 'failed' THEN m.ttft_ms END AS ttft_ms, "
                        + "CASE WHEN m.status <> 'failed' AND m.completion_tokens > 1 AND m.duration_ms > m.ttft_ms "
                        + "THEN (m.completion_tokens - 1) * 1000.0 / (m.duration_ms - m.ttft_ms) END AS tps "
                        + "FROM message m WHERE m.role = 'assistant' AND m.model IS NOT NULL "
                        + "AND m.created_at >= (SELECT since FROM w)), "
                        + "s AS (SELECT local_hour, count(*) AS answers, "
                        + "percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY ttft_ms) AS ttft, "
                        + "percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY tps) AS tps, "
                        + "percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY queue_ms) AS queue "
                        + "FROM a GROUP BY local_hour) "
                        + "SELECT span.hour_from, coalesce(s.answers, 0) AS answers, s.ttft, s.tps, s.queue "
                        + "FROM span LEFT JOIN s ON s.local_hour = span.local_hour ORDER BY span.hour_from",
                row -> new HourSpeed(instant(row, "hour_from"), row.getLong("answers"), percentiles(row, "ttft"),
                        percentiles(row, "tps"), percentiles(row, "queue")), zone, hours));
    }

    /**
     * From the generations' own times: a request waits from {@code created_at} until it starts (or ends unstarted:
     * cancelled, refused) and is written from {@code started_at} until it ends. Averages spread each interval over
     * the hours it touches; the peak follows the count through every arrival and start in time order.
     */
    List<HourQueue> queue(String zone, int hours) {
        return read(connection -> list(connection, "WITH " + HOURS + ", g AS ("
                        + "SELECT created_at AS wait_from, coalesce(started_at, finished_at, now()) AS wait_to, "
                        + "(started_at IS NULL AND finished_at IS NULL) AS waiting_now, "
                        + "started_at AS run_from, coalesce(finished_at, now()) AS run_to FROM generation "
                        // what ended before the span has nothing in it
                        + "WHERE finished_at > (SELECT since FROM w) OR finished_at IS NULL), "
                        + "waits AS (SELECT h.local_hour, sum(extract(epoch FROM least(g.wait_to, span.hour_to) "
                        + "- greatest(g.wait_from, span.hour_from))) AS seconds FROM g CROSS JOIN LATERAL "
                        + "generate_series(greatest(date_trunc('hour', g.wait_from AT TIME ZONE (SELECT tz FROM w)), "
                        + "(SELECT min(local_hour) FROM span)), date_trunc('hour', g.wait_to AT TIME ZONE "
                        + "(SELECT tz FROM w)), interval '1 hour') h(local_hour) "
                        + "JOIN span ON span.local_hour = h.local_hour "
                        + "WHERE g.wait_to > span.hour_from AND g.wait_from < span.hour_to GROUP BY h.local_hour), "
                        + "runs AS (SELECT h.local_hour, sum(extract(epoch FROM least(g.run_to, span.hour_to) "
                        + "- greatest(g.run_from, span.hour_from))) AS seconds FROM g CROSS JOIN LATERAL "
                        + "generate_series(greatest(date_trunc('hour', g.run_from AT TIME ZONE (SELECT tz FROM w)), "
                        + "(SELECT min(local_hour) FROM span)), date_trunc('hour', g.run_to AT TIME ZONE "
                        + "(SELECT tz FROM w)), interval '1 hour') h(local_hour) "
                        + "JOIN span ON span.local_hour = h.local_hour "
                        + "WHERE g.run_from IS NOT NULL AND g.run_to > span.hour_from AND g.run_from < span.hour_to "
                        + "GROUP BY h.local_hour), "
                        // the count after each change; at one instant departures go first, then the hour's start
                        // (change 0: the count the hour begins with), then arrivals
                        + "events AS (SELECT wait_from AS at, 1 AS change FROM g "
                        + "UNION ALL SELECT wait_to, -1 FROM g WHERE NOT waiting_now "
                        + "UNION ALL SELECT hour_from, 0 FROM span), "
                        + "levels AS (SELECT at, sum(change) OVER (ORDER BY at, change ROWS UNBOUNDED PRECEDING) "
                        + "AS level FROM events), "
                        + "peaks AS (SELECT date_trunc('hour', at AT TIME ZONE (SELECT tz FROM w)) AS local_hour, "
                        + "max(level) AS peak FROM levels WHERE at >= (SELECT since FROM w) AND at <= now() "
                        + "GROUP BY 1) "
                        + "SELECT span.hour_from, "
                        + "coalesce(waits.seconds, 0) / greatest(extract(epoch FROM span.hour_to - span.hour_from), 1) "
                        + "AS waiting_average, coalesce(peaks.peak, 0) AS waiting_peak, "
                        + "coalesce(runs.seconds, 0) / greatest(extract(epoch FROM span.hour_to - span.hour_from), 1) "
                        + "AS generating_average FROM span LEFT JOIN waits ON waits.local_hour = span.local_hour "
                        + "LEFT JOIN runs ON runs.local_hour = span.local_hour "
                        + "LEFT JOIN peaks ON peaks.local_hour = span.local_hour ORDER BY span.hour_from",
                row -> new HourQueue(instant(row, "hour_from"), row.getDouble("waiting_average"),
                        row.getLong("waiting_peak"), row.getDouble("generating_average")), zone, hours));
    }

    /**
     * Runs {@code work} in a read-only transaction without JIT compilation: the estimates of these queries (a thousand
     * rows from every generate_series, every CTE) run to millions, past which a server with JIT compiles the plan,
     * for far longer than the query itself takes.
     */
    private <T> T read(SqlFunction<Connection, T> work) {
        return database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION READ ONLY");
                statement.execute("SET LOCAL jit = off");
            }
            return work.apply(connection);
        });
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getTimestamp(column).toInstant();
    }

    private static Percentiles percentiles(ResultSet row, String column) throws SQLException {
        Array array = row.getArray(column);
        if (array == null) {
            return Percentiles.NONE;
        }
        Object[] values = (Object[]) array.getArray();
        return new Percentiles(number(values[0]), number(values[1]));
    }

    private static Double number(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}
