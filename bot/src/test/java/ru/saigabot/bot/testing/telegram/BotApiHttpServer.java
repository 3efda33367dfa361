package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side: {@code /bot<token>/<method>} on 127.0.0.1, any HTTP verb, parameters from query, form
 * or JSON body; answers {@code {"ok":true,"result":...}} or Telegram's error object with the HTTP status
 * equal to error_code. Requests run on a small pool so a waiting long poll never blocks other calls.
 */
final class BotApiHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(BotApiHttpServer.class);
    private static final Pattern PATH = Pattern.compile("^/bot([^/]+)/([^/]+)/?$");
    private static final int THREADS = 16;

    static {
        // The JDK server writes headers and body as two packets; with Nagle on, the body waits for the
        // client's delayed ACK (~40 ms per call on Linux). The flag is read once, when the JDK's server
        // configuration loads, so it only helps if no HttpServer was created before in this JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private record Response(int status, String body, Duration delay) {
    }

    private final String token;
    private final MethodRouter router;
    private final CallLog calls;
    private final FaultInjector faults;
    private final ObjectMapper json;
    private final AtomicInteger threadCount = new AtomicInteger();
    private final ExecutorService executor = Executors.newFixedThreadPool(THREADS, task -> {
        Thread thread = new Thread(task, "bot-api-emulator-" + threadCount.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private final Object lifecycle = new Object();
    private HttpServer server; // guarded by lifecycle; null while not accepting connections
    private int port;          // guarded by lifecycle; kept across stopAccepting/startAccepting

    BotApiHttpServer(String token, MethodRouter router, CallLog calls, FaultInjector faults, ObjectMapper json) {
        this.token = token;
        this.router = router;
        this.calls = calls;
        this.faults = faults;
        this.json = json;
    }

    /** Binds an ephemeral port. */
    void start() {
        synchronized (lifecycle) {
            bind(0);
        }
    }

    int port() {
        synchronized (lifecycle) {
            return port;
        }
    }

    /** Closes the listening socket and open connections: clients get "connection refused". */
    void stopAccepting() {
        synchronized (lifecycle) {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }
    }

    /** Listens again on the same port. */
    void startAccepting() {
        synchronized (lifecycle) {
            if (server == null) {
                bind(port);
            }
        }
    }

    void close() {
        stopAccepting();
        executor.shutdownNow();
    }

    private void bind(int requestedPort) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + requestedPort, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        port = server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) {
        try {
            Response response = respond(exchange);
            if (!response.delay().isZero()) {
                Thread.sleep(response.delay().toMillis()); // a deliberately slow Telegram
            }
            write(exchange, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down
        } catch (IOException e) {
            LOG.debug("client went away before the answer was written", e);
        } catch (RuntimeException e) {
            LOG.error("emulator bug while handling {}", exchange.getRequestURI(), e);
            writeQuietly(exchange, error(new ApiError(500, "Internal Server Error: emulator bug: " + e, null)));
        } finally {
            exchange.close();
        }
    }

    private Response respond(HttpExchange exchange) throws IOException, InterruptedException {
        Matcher path = PATH.matcher(exchange.getRequestURI().getRawPath());
        if (!path.matches()) {
            return error(new ApiError(404, "Not Found", null));
        }
        if (!token.equals(URLDecoder.decode(path.group(1), StandardCharsets.UTF_8))) {
            return error(new ApiError(401, "Unauthorized", null));
        }
        String method = router.canonicalName(path.group(2));
        RequestParams params;
        try {
            params = RequestParams.parse(exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestBody().readAllBytes(), json);
        } catch (ApiError e) {
            return error(e);
        }
        if (!recordIfAccepting(exchange, method, params.asJson())) {
            return error(new ApiError(503, "Service Unavailable: the emulator stopped accepting", null));
        }
        FaultInjector.Fault fault = faults.next(method, params.asJson()).orElse(null);
        if (fault instanceof FaultInjector.Failure failure) {
            return error(failure.error());
        }
        if (fault instanceof FaultInjector.RawBody raw) {
            return new Response(raw.httpStatus(), raw.body(), Duration.ZERO);
        }
        if (fault instanceof FaultInjector.Hold hold && !hold.call().awaitDecision()) {
            return error(new ApiError(502, "Bad Gateway: the call was dropped by the test", null));
        }
        Duration delay = fault instanceof FaultInjector.Delay slow ? slow.delay() : Duration.ZERO;
        try {
            JsonNode result = router.invoke(method, params);
            ObjectNode body = json.createObjectNode().put("ok", true);
            body.set("result", result);
            String text = json.writeValueAsString(body);
            if (hasLoneSurrogate(text)) {
                // Test updates may carry what Telegram's own JSON could (an escaped lone surrogate), and UTF-8 cannot.
                text = json.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(body);
            }
            return new Response(200, text, delay);
        } catch (ApiError e) {
            Response failed = error(e);
            return new Response(failed.status(), failed.body(), delay);
        }
    }

    /**
     * Logs the call, unless it came in through a listener that {@link #stopAccepting} has closed meanwhile: once
     * that returns, no call is logged (nor executed) until {@link #startAccepting}, even one already read.
     */
    private boolean recordIfAccepting(HttpExchange exchange, String method, JsonNode params) {
        synchronized (lifecycle) {
            if (server == null || exchange.getHttpContext().getServer() != server) {
                return false;
            }
            calls.record(method, params);
            return true;
        }
    }

    private Response error(ApiError error) {
        int status = error.errorCode() >= 200 && error.errorCode() <= 599 ? error.errorCode() : 500;
        return new Response(status, error.toJson().toString(), Duration.ZERO);
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void writeQuietly(HttpExchange exchange, Response response) {
        try {
            write(exchange, response);
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not report the error to the client", e);
        }
    }
}
