package ru.saigabot.bot.web.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.web.WebError;
import ru.saigabot.bot.web.WebRoutes;
import ru.saigabot.bot.web.WebServer;
import ru.saigabot.training.arena.ArenaVoteReader;

/**
 * The dashboard's charts as JSON, for admins only ({@link WebServer} refuses everyone else under
 * {@code /web/api/admin/}). Every figure is computed in PostgreSQL ({@link DashboardQueries}) or by the arena report's
 * own code ({@link ArenaResults}); the queue's current length comes from the answer service itself.
 *
 * <p>Days and hours are those of {@code tz} (an IANA zone the page takes from the browser; UTC without it).
 */
public final class DashboardEndpoints implements WebRoutes {
    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;
    static final int DEFAULT_HOURS = 48;
    static final int MAX_HOURS = 24 * 31;
    /** Region names only: PostgreSQL reads an offset such as "+03:00" the POSIX way, east and west swapped. */
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    private final QueueLength queueLength;
    private final ObjectMapper json;
    private final DashboardQueries queries;
    private final ArenaResults arena;

    public DashboardEndpoints(Database database, QueueLength queueLength, ObjectMapper json) {
        this.queueLength = queueLength;
        this.json = json;
        this.queries = new DashboardQueries(database);
        this.arena = new ArenaResults(database);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/web/api/admin/activity", this::activity);
        routes.get("/web/api/admin/feedback", this::feedback);
        routes.get("/web/api/admin/speed", this::speed);
        routes.get("/web/api/admin/queue", this::queue);
        routes.get("/web/api/admin/live", this::live);
        routes.get("/web/api/admin/arena", this::arena);
    }

    private void activity(Context ctx) throws IOException {
        String zone = zone(ctx);
        int days = bounded(ctx, "days", DEFAULT_DAYS, MAX_DAYS);
        List<DashboardQueries.DayActivity> rows = queries.activity(zone, days);
        WebServer.json(ctx, json, Map.of("zone", zone, "days", rows.stream().map(row -> Map.of(
                "day", row.day().toString(), "messages", row.messages(), "answers", row.answers(),
                "failed", row.failed())).toList()));
    }

    private void feedback(Context ctx) throws IOException {
        String zone = zone(ctx);
        int days = bounded(ctx, "days", DEFAULT_DAYS, MAX_DAYS);
        DashboardQueries.Votes votes = queries.votes(zone, days);
        WebServer.json(ctx, json, Map.of("zone", zone, "days", votes.days().stream().map(row -> {
            Map<String, Object> day = new LinkedHashMap<>();
            day.put("day", row.day().toString());
            day.put("up", row.up());
            day.put("down", row.down());
            day.put("up_share", row.upShare());
            return day;
        }).toList(), "models", votes.models().stream().map(row -> {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("model", row.model().label());
            model.put("base", row.model().base());
            model.put("adapter", row.model().adapter());
            model.put("answers", row.answers());
            model.put("up", row.up());
            model.put("down", row.down());
            model.put("up_share", row.upShare());
            return model;
        }).toList()));
    }

    private void speed(Context ctx) throws IOException {
        String zone = zone(ctx);
        int hours = bounded(ctx, "hours", DEFAULT_HOURS, MAX_HOURS);
        List<DashboardQueries.HourSpeed> rows = queries.speed(zone, hours);
        WebServer.json(ctx, json, Map.of("zone", zone, "hours", rows.stream().map(row -> Map.of(
                "hour", row.hour().toString(), "answers", row.answers(),
                "ttft_ms", percentiles(row.timeToFirstTokenMs()), "tokens_per_s", percentiles(row.tokensPerSecond()),
                "queue_ms", percentiles(row.queueWaitMs()))).toList()));
    }

    private void queue(Context ctx) throws IOException {
        String zone = zone(ctx);
        int hours = bounded(ctx, "hours", DEFAULT_HOURS, MAX_HOURS);
        List<DashboardQueries.HourQueue> rows = queries.queue(zone, hours);
        WebServer.json(ctx, json, Map.of("zone", zone, "now", now(), "hours", rows.stream().map(row -> Map.of(
                "hour", row.hour().toString(), "waiting_average", row.waitingAverage(),
                "waiting_peak", row.waitingPeak(), "generating_average", row.generatingAverage())).toList()));
    }

    /** The queue right now, without the database: the page asks every few seconds. */
    private void live(Context ctx) throws IOException {
        WebServer.json(ctx, json, now());
    }

    private void arena(Context ctx) throws IOException {
        String source = ctx.queryParamAsClass("source", String.class).getOrDefault("all");
        ArenaVoteReader.Origin origin = switch (source) {
            case "all" -> ArenaVoteReader.Origin.ALL;
            case "task" -> ArenaVoteReader.Origin.TASK;
            case "live" -> ArenaVoteReader.Origin.LIVE;
            default -> throw WebError.badRequest("source=" + source + " is unknown; use all, task (annotation) or "
                    + "live (battles in chats).");
        };
        WebServer.json(ctx, json, ArenaJson.of(source, arena.report(origin)));
    }

    private Map<String, Object> now() {
        QueueLength.Now now = queueLength.now();
        return Map.of("pending", now.pending(), "generating", now.generating(), "waiting", now.waiting());
    }

    private static Map<String, Object> percentiles(DashboardQueries.Percentiles value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("p50", value.p50());
        map.put("p95", value.p95());
        return map;
    }

    static String zone(Context ctx) {
        String zone = ctx.queryParam("tz");
        if (zone == null || zone.isBlank()) {
            return "UTC";
        }
        if (!ZONES.contains(zone) || !zone.contains("/") && !zone.equals("UTC")) {
            throw WebError.badRequest("tz=" + zone + " is not a time zone this server knows; give an IANA name "
                    + "such as Europe/Moscow, or UTC.");
        }
        return zone;
    }

    static int bounded(Context ctx, String name, int fallback, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below, with the allowed range
        }
        throw WebError.badRequest(String.format(Locale.ROOT, "%s=%s is out of range; give a whole number from 1 "
                + "to %d.", name, value, max));
    }
}
