package ru.saigabot.inference.catalog;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face hub on 127.0.0.1 serving one file at {@code /{repo}/resolve/main/{file}}, with range requests
 * and the {@code X-Linked-*} headers, and switches for the ways a real hub or network misbehaves.
 */
final class FakeHub implements AutoCloseable {

    /** One request as the hub saw it. */
    record Request(String method, String path, String range, String authorization) {
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    private static final int CHUNK = 1 << 13;

    private final byte[] content;
    private final String repository;
    private final String file;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private volatile boolean linkedHeaders = true;
    private volatile String linkedEtag;
    private volatile boolean ignoreRanges;
    private volatile boolean headSupported = true;
    private volatile String redirectHost;
    private volatile String requiredToken;
    private volatile int status;
    private volatile long failAfterBytes = -1;
    private volatile boolean stallInsteadOfDrop;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile long chunkDelayMillis;

    FakeHub(byte[] content, String repository, String file) throws IOException {
        this.content = content;
        this.repository = repository;
        this.file = file;
        this.linkedEtag = sha256(content);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> gets() {
        return requests.stream().filter(r -> r.method().equals("GET")).toList();
    }

    /** Whether responses carry X-Linked-Size and X-Linked-Etag (default yes). */
    FakeHub linkedHeaders(boolean on) {
        this.linkedHeaders = on;
        return this;
    }

    /** Announces another SHA-256 than the content's. */
    FakeHub linkedEtag(String sha256) {
        this.linkedEtag = sha256;
        return this;
    }

    FakeHub ignoreRanges() {
        this.ignoreRanges = true;
        return this;
    }

    /** Answers HEAD with 405, as a server without HEAD support would. */
    FakeHub noHead() {
        this.headSupported = false;
        return this;
    }

    /** Answers every request with this status and no body. */
    FakeHub status(int code) {
        this.status = code;
        return this;
    }

    /** Redirects resolve requests to {@code http://{host}:{port}/cdn/...}, with the X-Linked headers on the redirect. */
    FakeHub redirectVia(String host) {
        this.redirectHost = host;
        return this;
    }

    /** Refuses resolve requests without {@code Authorization: Bearer token}. */
    FakeHub requireToken(String token) {
        this.requiredToken = token;
        return this;
    }

    /** The next {@code times} GETs close the connection after sending {@code bytes} bytes of body. */
    FakeHub dropAfter(long bytes, int times) {
        this.failAfterBytes = bytes;
        this.stallInsteadOfDrop = false;
        this.failuresLeft.set(times);
        return this;
    }

    /** The next {@code times} GETs go silent after sending {@code bytes} bytes of body, keeping the connection. */
    FakeHub stallAfter(long bytes, int times) {
        this.failAfterBytes = bytes;
        this.stallInsteadOfDrop = true;
        this.failuresLeft.set(times);
        return this;
    }

    /** Sends slowly: a pause after every 8 kB. */
    FakeHub chunkDelay(long millis) {
        this.chunkDelayMillis = millis;
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Headers in = exchange.getRequestHeaders();
        requests.add(new Request(method, path, in.getFirst("Range"), in.getFirst("Authorization")));
        try (exchange) {
            boolean resolve = path.equals("/" + repository + "/resolve/main/" + file);
            boolean cdn = path.equals("/cdn/" + repository + "/" + file);
            if (status != 0) {
                send(exchange, status);
            } else if (!resolve && !cdn) {
                send(exchange, 404);
            } else if (resolve && requiredToken != null && !("Bearer " + requiredToken).equals(in.getFirst("Authorization"))) {
                send(exchange, 401);
            } else if (method.equals("HEAD") && !headSupported) {
                send(exchange, 405);
            } else if (resolve && redirectHost != null) {
                addLinked(exchange.getResponseHeaders());
                exchange.getResponseHeaders().set("Location", "http://" + redirectHost + ":" + port() + "/cdn/"
                        + repository + "/" + file);
                exchange.sendResponseHeaders(302, -1);
            } else if (method.equals("HEAD")) {
                if (redirectHost == null) {
                    addLinked(exchange.getResponseHeaders());
                }
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(content.length));
                exchange.sendResponseHeaders(200, -1);
            } else {
                serve(exchange, in.getFirst("Range"), redirectHost == null);
            }
        }
    }

    private void serve(HttpExchange exchange, String rangeHeader, boolean withLinked) throws IOException {
        Headers out = exchange.getResponseHeaders();
        if (withLinked) {
            addLinked(out);
        }
        int from = 0;
        Matcher range = rangeHeader == null || ignoreRanges ? null : RANGE.matcher(rangeHeader);
        if (range != null && range.matches()) {
            from = (int) Math.min(Long.parseLong(range.group(1)), Integer.MAX_VALUE);
            if (from >= content.length) {
                out.set("Content-Range", "bytes */" + content.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            out.set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            exchange.sendResponseHeaders(206, content.length - from);
        } else {
            exchange.sendResponseHeaders(200, content.length);
        }
        boolean fail = failAfterBytes >= 0 && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        OutputStream body = exchange.getResponseBody();
        long sent = 0;
        for (int offset = from; offset < content.length; offset += CHUNK) {
            int length = Math.min(CHUNK, content.length - offset);
            if (fail && sent + length > failAfterBytes) {
                length = (int) (failAfterBytes - sent);
                body.write(content, offset, length);
                body.flush();
                if (stallInsteadOfDrop) {
                    awaitQuietly(closing, 30_000);
                }
                // an exception out of the handler makes the server close the connection mid-body
                throw new IOException("fake hub: connection dropped after " + (sent + length) + " bytes");
            }
            body.write(content, offset, length);
            sent += length;
            if (chunkDelayMillis > 0) {
                body.flush();
                sleepQuietly(chunkDelayMillis);
            }
        }
    }

    private void addLinked(Headers headers) {
        if (linkedHeaders) {
            headers.set("X-Linked-Size", Integer.toString(content.length));
            headers.set("X-Linked-Etag", "\"" + linkedEtag + "\"");
        }
    }

    private static void send(HttpExchange exchange, int code) throws IOException {
        exchange.sendResponseHeaders(code, -1);
    }

    private static void awaitQuietly(CountDownLatch latch, long millis) {
        try {
            latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
