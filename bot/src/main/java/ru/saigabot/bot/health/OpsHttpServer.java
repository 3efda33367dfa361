package ru.saigabot.bot.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.config.ConfigException;

/**
 * {@code /healthz} (the process answers), {@code /readyz} (it can serve users: 200, or 503 with the
 * reasons) and {@code /metrics} (Prometheus text format), on the JDK's own HTTP server: three plain
 * endpoints need no framework. Nothing served here is secret, but nothing is authenticated either, so it
 * listens where the operator says ({@code --http-host}): loopback by default, every interface only when
 * asked (a container whose port is published, a Prometheus on another host).
 */
public final class OpsHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpsHttpServer.class);
    /** What Prometheus expects for its text format. */
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Serves on {@code host} (0.0.0.0: every interface) and {@code port} (0: any free one) until closed. */
    public static OpsHttpServer start(InetAddress host, int port, Readiness readiness, Supplier<String> metrics) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new ConfigException("cannot serve health and metrics on " + host.getHostAddress() + " port " + port
                    + ": " + e.getMessage() + "; choose a free --http-port (SAIGA_HTTP_PORT), or 0 to turn the "
                    + "endpoints off, and an address of this machine for --http-host (SAIGA_HTTP_HOST)", e);
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "ops-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/healthz", exchange -> respond(exchange, () -> new Answer(200, "text/plain", "ok\n")));
        server.createContext("/readyz", exchange -> respond(exchange, () -> {
            Readiness.Report report = readiness.check();
            return report.ready() ? new Answer(200, "text/plain", "ready\n")
                    : new Answer(503, "text/plain", "not ready\n" + String.join("\n", report.problems()) + "\n");
        }));
        server.createContext("/metrics", exchange -> respond(exchange,
                () -> new Answer(200, METRICS_CONTENT_TYPE, metrics.get())));
        server.createContext("/", exchange -> respond(exchange,
                () -> new Answer(404, "text/plain", "not found; try /healthz, /readyz or /metrics\n")));
        server.start();
        log.info("health and metrics served: host={} port={}", server.getAddress().getAddress().getHostAddress(),
                server.getAddress().getPort());
        return new OpsHttpServer(server, executor);
    }

    /** The port listened on (the one chosen when started with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address and port listened on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private record Answer(int status, String contentType, String body) {}

    private static void respond(HttpExchange exchange, Supplier<Answer> handler) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Answer answer;
            if (!method.equals("GET") && !method.equals("HEAD")) {
                answer = new Answer(405, "text/plain", "only GET\n");
            } else {
                try {
                    answer = handler.get();
                } catch (RuntimeException e) {
                    log.error("{} failed: {}", exchange.getRequestURI().getPath(), e.getMessage(), e);
                    answer = new Answer(500, "text/plain", "internal error: " + e.getMessage() + "\n");
                }
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type",
                    answer.contentType().contains("charset") ? answer.contentType() : answer.contentType() + "; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = method.equals("HEAD");
            exchange.sendResponseHeaders(answer.status(), head ? -1 : body.length == 0 ? -1 : body.length);
            if (!head && body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
