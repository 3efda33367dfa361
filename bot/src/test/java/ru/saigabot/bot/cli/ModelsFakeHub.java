package ru.saigabot.bot.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face hub on 127.0.0.1 for {@code models pull}: serves files at {@code /{repo}/resolve/main/{file}}
 * with ranges and the {@code X-Linked-*} headers; it can drop one connection mid-file.
 */
final class ModelsFakeHub implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> announcedSha256 = new ConcurrentHashMap<>();
    private final AtomicBoolean dropNext = new AtomicBoolean();

    ModelsFakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves {@code content} as {@code repository/file}, announcing its real SHA-256. */
    ModelsFakeHub serve(String repository, String file, byte[] content) {
        files.put("/" + repository + "/resolve/main/" + file, content);
        return this;
    }

    /** Announces another SHA-256 for {@code repository/file} than its content's. */
    ModelsFakeHub announce(String repository, String file, String sha256) {
        announcedSha256.put("/" + repository + "/resolve/main/" + file, sha256);
        return this;
    }

    /** The next GET closes the connection halfway through the body. */
    ModelsFakeHub dropNextTransfer() {
        dropNext.set(true);
        return this;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] content = files.get(path);
            if (content == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("X-Linked-Size", Integer.toString(content.length));
            exchange.getResponseHeaders().set("X-Linked-Etag",
                    "\"" + announcedSha256.getOrDefault(path, sha256(content)) + "\"");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            String range = exchange.getRequestHeaders().getFirst("Range");
            Matcher m = range == null ? null : RANGE.matcher(range);
            int from = m != null && m.matches() ? Integer.parseInt(m.group(1)) : 0;
            if (from > 0) {
                exchange.getResponseHeaders().set("Content-Range",
                        "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
                exchange.sendResponseHeaders(206, content.length - from);
            } else {
                exchange.sendResponseHeaders(200, content.length);
            }
            if (dropNext.compareAndSet(true, false)) {
                exchange.getResponseBody().write(content, from, (content.length - from) / 2);
                exchange.getResponseBody().flush();
                throw new IOException("fake hub: connection dropped");
            }
            exchange.getResponseBody().write(content, from, content.length - from);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
