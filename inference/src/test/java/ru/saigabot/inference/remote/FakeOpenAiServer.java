package ru.saigabot.inference.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible chat completions server on 127.0.0.1 that streams what each test scripts: deltas with
 * pauses, characters split across writes, error statuses, silence, a stream cut short. Records every request.
 */
public final class FakeOpenAiServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the server saw it. */
    public record Received(String method, String path, String authorization, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private final Queue<Reply> once = new ConcurrentLinkedQueue<>();
    private final AtomicInteger disconnects = new AtomicInteger();
    private volatile Reply always = Reply.text("ok");

    private FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeOpenAiServer start() {
        try {
            return new FakeOpenAiServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A base URL where nothing listens: a port just freed. */
    public static URI deadBaseUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    /** Every request from now on (after the {@link #replyOnce} ones) gets this. */
    public FakeOpenAiServer reply(Reply reply) {
        always = reply;
        return this;
    }

    /** The next request gets this; queued in order. */
    public FakeOpenAiServer replyOnce(Reply reply) {
        once.add(reply);
        return this;
    }

    public List<Received> requests() {
        return List.copyOf(requests);
    }

    /** Replies that could not be written to the end because the client had closed the connection. */
    public int disconnects() {
        return disconnects.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            Reply reply = once.poll();
            (reply == null ? always : reply).play(exchange, closing);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            disconnects.incrementAndGet(); // the client went away (a cancel or a timeout on its side)
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** What to answer one request: a status with a body, or a stream of steps. */
    public static final class Reply {
        private interface Step {
            void run(OutputStream out, CountDownLatch closing) throws IOException, InterruptedException;
        }

        private final int status;
        private final String errorBody;
        private final boolean silentBeforeHeaders;
        private final List<Step> steps = new ArrayList<>();

        private Reply(int status, String errorBody, boolean silentBeforeHeaders) {
            this.status = status;
            this.errorBody = errorBody;
            this.silentBeforeHeaders = silentBeforeHeaders;
        }

        /** A 200 event stream; add its events. */
        public static Reply stream() {
            return new Reply(200, null, false);
        }

        /** A whole answer: a role chunk, one delta per piece, finish "stop", usage (3 prompt tokens), [DONE]. */
        public static Reply text(String... pieces) {
            Reply reply = stream().role();
            for (String piece : pieces) {
                reply.delta(piece);
            }
            return reply.finish("stop").usage(3, pieces.length).done();
        }

        /** A status other than 200 with this body. */
        public static Reply status(int status, String body) {
            return new Reply(status, body, false);
        }

        /** Accepts the connection and says nothing, not even headers, until the server closes. */
        public static Reply silent() {
            return new Reply(200, null, true);
        }

        public Reply role() {
            ObjectNode chunk = chunk();
            chunk.withArray("choices").addObject().put("index", 0).putObject("delta").put("role", "assistant")
                    .put("content", "");
            return event(chunk.toString());
        }

        public Reply delta(String content) {
            ObjectNode chunk = chunk();
            chunk.withArray("choices").addObject().put("index", 0).putNull("finish_reason").putObject("delta")
                    .put("content", content);
            return event(chunk.toString());
        }

        public Reply finish(String reason) {
            ObjectNode chunk = chunk();
            chunk.withArray("choices").addObject().put("index", 0).put("finish_reason", reason).putObject("delta");
            return event(chunk.toString());
        }

        public Reply usage(int prompt, int completion) {
            ObjectNode chunk = chunk();
            chunk.putArray("choices");
            chunk.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                    .put("total_tokens", prompt + completion);
            return event(chunk.toString());
        }

        public Reply error(String message) {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("error").put("message", message).put("type", "server_error");
            return event(body.toString());
        }

        public Reply done() {
            return event("[DONE]");
        }

        /** One {@code data:} event, written and flushed alone. */
        public Reply event(String data) {
            return raw("data: " + data + "\n\n");
        }

        /** Exactly these characters, as UTF-8, in one write. */
        public Reply raw(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            steps.add((out, closing) -> {
                out.write(bytes);
                out.flush();
            });
            return this;
        }

        /**
         * A delta event whose bytes go out in two writes cut inside the UTF-8 encoding of the first character that
         * takes more than one byte, with a pause between, so the client reads them apart.
         */
        public Reply deltaSplitInsideCharacter(String content) {
            ObjectNode chunk = chunk();
            chunk.withArray("choices").addObject().put("index", 0).putObject("delta").put("content", content);
            byte[] bytes = ("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8);
            int cut = -1;
            for (int i = 0; i < bytes.length && cut < 0; i++) {
                if ((bytes[i] & 0xC0) == 0xC0) {
                    cut = i + 1; // after the lead byte of a multi-byte character
                }
            }
            if (cut < 0) {
                throw new IllegalArgumentException("'" + content + "' has no multi-byte character to split");
            }
            int at = cut;
            steps.add((out, closing) -> {
                out.write(bytes, 0, at);
                out.flush();
                Thread.sleep(50);
                out.write(bytes, at, bytes.length - at);
                out.flush();
            });
            return this;
        }

        public Reply pause(Duration duration) {
            steps.add((out, closing) -> closing.await(duration.toMillis(), TimeUnit.MILLISECONDS));
            return this;
        }

        /**
         * Writes a keep-alive comment every {@code interval} until the server closes or the client hangs up (then the
         * write fails, and {@link #disconnects()} counts it).
         */
        public Reply keepAlive(Duration interval) {
            steps.add((out, closing) -> {
                do {
                    out.write(": ping\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } while (!closing.await(interval.toMillis(), TimeUnit.MILLISECONDS));
            });
            return this;
        }

        /** Writes nothing more until the server closes; the client has to give up. */
        public Reply hang() {
            steps.add((out, closing) -> closing.await(2, TimeUnit.MINUTES));
            return this;
        }

        private static ObjectNode chunk() {
            ObjectNode chunk = JSON.createObjectNode();
            chunk.put("id", "chatcmpl-fake").put("object", "chat.completion.chunk").put("model", "fake");
            return chunk;
        }

        private void play(HttpExchange exchange, CountDownLatch closing) throws IOException, InterruptedException {
            if (silentBeforeHeaders) {
                closing.await(2, TimeUnit.MINUTES);
                return;
            }
            if (status != 200) {
                byte[] bytes = errorBody.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (Step step : steps) {
                step.run(out, closing);
            }
        }
    }
}
