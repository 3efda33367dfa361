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
 * equal to error_code. Files are downloaded from {@code /file/bot<token>/<file_path>}, as getFile says.
 * Requests run on a small pool so a waiting long poll never blocks other calls.
 */
final class BotApiHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(BotApiHttpServer.class);
    private static final Pattern PATH = Pattern.compile("^/bot([^/]+)/([^/]+)/?$");
    /** Matched against the decoded path: a file_path may hold characters a client escapes. */
    private static final Pattern FILE_PATH = Pattern.compile("^/file/bot([^/]+)/(.+)$");
    private static final String JSON_TYPE = "application/json";
    private static final String OCTET_STREAM = "application/octet-stream";
    private static final int THREADS = 16;

    static {
        // The JDK server writes headers and body as two packets; with Nagle on, the body waits for the
        // client's delayed ACK (~40 ms per call on Linux). The flag is read once, when the JDK's server
        // configuration loads, so it only helps if no HttpServer was created before in this JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** @param streamed sent without a Content-Length (chunked), so the client learns the size only by reading */
    private record Response(int status, String contentType, byte[] body, boolean streamed, Duration delay) {

        static Response json(int status, String body) {
            return new Response(status, JSON_TYPE, body.getBytes(StandardCharsets.UTF_8), false, Duration.ZERO);
        }

        Response delayed(Duration by) {
            return new Response(status, contentType, body, streamed, by);
        }
    }

    /** What the request asks for, once no fault stands in for it. */
    @FunctionalInterface
    private interface Execution {
        Response run() throws InterruptedException;
    }

    private final String token;
    private final MethodRouter router;
    private final FileStore files;
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

    BotApiHttpServer(String token, MethodRouter router, FileStore files, CallLog calls, FaultInjector faults,
                     ObjectMapper json) {
        this.token = token;
        this.router = router;
        this.files = files;
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
        Matcher download = FILE_PATH.matcher(exchange.getRequestURI().getPath());
        if (download.matches()) {
            return download(exchange, download.group(1), download.group(2));
        }
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
        return withFaults(method, params.asJson(), false, () -> {
            try {
                JsonNode result = router.invoke(method, params);
                ObjectNode body = json.createObjectNode().put("ok", true);
                body.set("result", result);
                String text = json.writeValueAsString(body);
                if (hasLoneSurrogate(text)) {
                    // Test updates may carry what Telegram's own JSON could (an escaped lone surrogate), and UTF-8
                    // cannot.
                    text = json.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(body);
                }
                return Response.json(200, text);
            } catch (ApiError e) {
                return error(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A file's bytes, as Telegram's file server sends them. It answers a wrong token like an unknown path, 404
     * (there is no method to be unauthorized for). A download is logged as a call of {@link
     * BotApiEmulator#FILE_DOWNLOAD} with its file_path (and file_id, when the path is a file's), and faults queued
     * for that name apply to it.
     */
    private Response download(HttpExchange exchange, String requestToken, String filePath)
            throws IOException, InterruptedException {
        exchange.getRequestBody().readAllBytes(); // a GET has none; a stray body must not linger on the connection
        if (!token.equals(requestToken)) {
            return error(new ApiError(404, "Not Found", null));
        }
        FileStore.StoredFile file = files.byPath(filePath).orElse(null);
        ObjectNode params = json.createObjectNode().put("file_path", filePath);
        if (file != null) {
            params.put("file_id", file.fileId());
        }
        if (!recordIfAccepting(exchange, BotApiEmulator.FILE_DOWNLOAD, params)) {
            return error(new ApiError(503, "Service Unavailable: the emulator stopped accepting", null));
        }
        return withFaults(BotApiEmulator.FILE_DOWNLOAD, params, true, () -> file == null
                ? error(new ApiError(404, "Not Found", null))
                : new Response(200, OCTET_STREAM, file.content(), false, Duration.ZERO));
    }

    /**
     * Applies the next fault queued for {@code method}, or runs the request. A raw body stands for a download's
     * bytes, and goes without a Content-Length: a server that streams (or lies about) a file's size.
     */
    private Response withFaults(String method, JsonNode params, boolean download, Execution execution)
            throws InterruptedException {
        FaultInjector.Fault fault = faults.next(method, params).orElse(null);
        if (fault instanceof FaultInjector.Failure failure) {
            return error(failure.error());
        }
        if (fault instanceof FaultInjector.RawBody raw) {
            byte[] body = raw.body().getBytes(StandardCharsets.UTF_8);
            return download ? new Response(raw.httpStatus(), OCTET_STREAM, body, true, Duration.ZERO)
                    : new Response(raw.httpStatus(), JSON_TYPE, body, false, Duration.ZERO);
        }
        if (fault instanceof FaultInjector.Hold hold && !hold.call().awaitDecision()) {
            return error(new ApiError(502, "Bad Gateway: the call was dropped by the test", null));
        }
        Duration delay = fault instanceof FaultInjector.Delay slow ? slow.delay() : Duration.ZERO;
        return execution.run().delayed(delay);
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
        return Response.json(status, error.toJson().toString());
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
        byte[] bytes = response.body();
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        // The JDK server: 0 is "chunked, length unknown", -1 "no body".
        long length = response.streamed() ? 0 : bytes.length == 0 ? -1 : bytes.length;
        exchange.sendResponseHeaders(response.status(), length);
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
