package ru.saigabot.bot.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.store.StoreException;
import ru.saigabot.bot.web.session.SessionStore;
import ru.saigabot.bot.web.session.WebSession;

/**
 * The web chat and the dashboard: pages and scripts from the jar, JSON and server-sent events under
 * {@code /web/api/}. An invite link ({@code /invite/TOKEN}) sets the session cookie (HttpOnly, SameSite=Strict,
 * Secure behind HTTPS); without it the page shows only how to get one and every endpoint answers 401. Every change
 * must carry the session's CSRF token in {@code X-CSRF-Token}.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    public static final String SESSION_COOKIE = "saiga_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION_ATTRIBUTE = "saiga.web-session";
    static final long MAX_BODY_BYTES = 1L << 20;
    /** Scripts, styles and data only from this server; nothing the model writes can run as a script. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    private final Javalin app;

    private WebServer(Javalin app) {
        this.app = app;
    }

    /** Starts serving on {@code host}:{@code port} (0: any free port) with the routes of each feature. */
    public static WebServer start(String host, int port, SessionStore sessions, ObjectMapper json,
                                  List<WebRoutes> features) {
        Javalin app = Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.compressionStrategy = CompressionStrategy.NONE; // events must leave as they are written
            config.startup.showJavalinBanner = false;
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/web/static";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff");
            });
            config.staticFiles.enableWebjars();
            RoutesConfig routes = config.routes;
            routes.before(WebServer::securityHeaders);
            routes.get("/", ctx -> page(ctx, "/web/index.html"));
            routes.get("/admin", ctx -> {
                if (sessions.find(ctx.cookie(SESSION_COOKIE)).filter(WebSession::admin).isEmpty()) {
                    ctx.redirect("/"); // the chat page says how to sign in; the dashboard's shell shows nobody else
                    return;
                }
                page(ctx, "/web/admin.html");
            });
            routes.get("/invite/{token}", ctx -> redeem(ctx, sessions));
            routes.before("/web/api/*", ctx -> signIn(ctx, sessions));
            routes.get("/web/api/session", ctx -> json(ctx, json, Map.of("admin", session(ctx).admin(),
                    "csrf_token", session(ctx).csrfToken())));
            routes.post("/web/api/session/close", ctx -> {
                sessions.close(session(ctx));
                ctx.removeCookie(SESSION_COOKIE, "/");
                ctx.status(HttpStatus.NO_CONTENT);
            });
            features.forEach(feature -> feature.register(routes));
            routes.exception(WebError.class, (e, ctx) -> error(ctx, json, e.status(), e.getMessage()));
            routes.exception(StoreException.class, (e, ctx) -> {
                log.error("web request failed in the database: path={} error={}", ctx.path(), e.getMessage(), e);
                error(ctx, json, 503, "The database is not available; try again in a minute.");
            });
            routes.exception(Exception.class, (e, ctx) -> {
                log.error("web request failed: path={} error={}", ctx.path(), e.getMessage(), e);
                error(ctx, json, 500, "The request failed on the server; the operator's log has the details.");
            });
        }).start();
        log.info("web chat serving: host={} port={}", host, app.port());
        return new WebServer(app);
    }

    public int port() {
        return app.port();
    }

    /** The signed-in session of a request under {@code /web/api/}. */
    public static WebSession session(Context ctx) {
        WebSession session = ctx.attribute(SESSION_ATTRIBUTE);
        if (session == null) {
            throw new IllegalStateException("no session on " + ctx.path() + ": only /web/api/ requests are signed in");
        }
        return session;
    }

    /** Writes {@code body} as JSON. */
    public static void json(Context ctx, ObjectMapper json, Object body) throws IOException {
        ctx.contentType("application/json").result(json.writeValueAsBytes(body));
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        // An invite's token is in the URL: no other site may see it in a Referer.
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
    }

    private static void page(Context ctx, String resource) throws IOException {
        try (InputStream in = WebServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar; rebuild the bot");
            }
            ctx.header("Cache-Control", "no-cache").contentType("text/html; charset=utf-8").result(in.readAllBytes());
        }
    }

    private static void redeem(Context ctx, SessionStore sessions) {
        Optional<SessionStore.Opened> opened = sessions.redeem(ctx.pathParam("token"));
        ctx.header("Cache-Control", "no-store");
        if (opened.isEmpty()) {
            ctx.status(HttpStatus.FORBIDDEN).contentType("text/plain; charset=utf-8").result(
                    "This invite link was used already, has expired, or is wrong. Ask the operator for a new one "
                            + "(saiga-bot web invite).\nЭта ссылка-приглашение уже использована, устарела или "
                            + "неверна. Попросите у оператора новую.");
            return;
        }
        Cookie cookie = new Cookie(SESSION_COOKIE, opened.get().token(), "/", SessionStore.SESSION_DAYS * 86_400,
                secure(ctx), true, null, SameSite.STRICT);
        ctx.cookie(cookie);
        log.info("web session opened: web_user_id={} admin={}", opened.get().session().webUserId(),
                opened.get().session().admin());
        // A page, not a redirect: a SameSite=Strict cookie set while arriving from another site (the invite was
        // clicked in a messenger) is sent only from the next same-site navigation, which this page makes.
        // The icon is declared (empty) so the browser asks for no /favicon.ico, whose 404 a page's console shows.
        ctx.contentType("text/html; charset=utf-8").result("<!doctype html><meta charset=utf-8>"
                + "<link rel=icon href=\"data:,\"><meta http-equiv=refresh content=\"0; url=/\"><title>Saiga</title>"
                + "<a href=\"/\">Saiga</a>");
    }

    /** HTTPS to this server, or to the proxy in front of it (which says so in X-Forwarded-Proto). */
    private static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    private static void signIn(Context ctx, SessionStore sessions) {
        ctx.header("Cache-Control", "no-store");
        Optional<WebSession> session = sessions.find(ctx.cookie(SESSION_COOKIE));
        if (session.isEmpty()) {
            throw new WebError(401, "Sign in with an invite link first (the operator makes one with 'saiga-bot web "
                    + "invite').");
        }
        if (ctx.method() != HandlerType.GET && !sameToken(session.get().csrfToken(), ctx.header(CSRF_HEADER))) {
            log.warn("web request refused, CSRF token missing or wrong: path={} web_user_id={}", ctx.path(),
                    session.get().webUserId());
            throw new WebError(403, "This request did not come from the bot's own page; reload the page.");
        }
        if (ctx.path().startsWith("/web/api/admin/") && !session.get().admin()) {
            throw new WebError(403, "The dashboard is for the bot's operators; ask for an admin invite.");
        }
        ctx.attribute(SESSION_ATTRIBUTE, session.get());
    }

    /** Compared in constant time: the token is a secret another site would have to guess. */
    private static boolean sameToken(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    private static void error(Context ctx, ObjectMapper json, int status, String message) {
        try {
            ctx.status(status);
            json(ctx, json, Map.of("error", message));
        } catch (IOException e) {
            throw new IllegalStateException("an error body cannot be written as JSON", e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
