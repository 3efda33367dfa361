package ru.saigabot.bot.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import ru.saigabot.bot.web.WebServer;

/**
 * One web page's keep-alive HTTP/1.1 connection to the web chat, blocking, on its user's own thread: as little
 * client as a client can be. The benchmark runs on the bot's machine, and java.net.http's client (a selector thread
 * per client, hand-offs between its threads for every request) took as much CPU there as the server it measured; a
 * browser spends its own on another machine.
 */
final class PageConnection implements AutoCloseable {
    /** A response read whole; header names in lower case, the first value of each. */
    record Response(int status, Map<String, String> headers, String body) {}

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    PageConnection(int port) {
        this.port = port;
    }

    /** A request with the session {@code cookie} (may be null), the CSRF token (may be null) and a JSON body. */
    Response send(String method, String path, String cookie, String csrf, String json) throws IOException {
        request(method, path, cookie, csrf, json);
        Head head = head();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body(head, chunk -> body.write(chunk, 0, chunk.length));
        done(head);
        return new Response(head.status(), head.headers(), body.toString(StandardCharsets.UTF_8));
    }

    /** Follows server-sent events at {@code path}: each line as it arrives, until the server ends the response. */
    void events(String path, String cookie, Consumer<String> line) throws IOException {
        request("GET", path, cookie, null, null);
        Head head = head();
        if (head.status() != 200) {
            throw new IOException("GET " + path + " answered " + head.status());
        }
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        body(head, chunk -> {
            for (byte b : chunk) {
                if (b == '\n') {
                    line.accept(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                } else {
                    pending.write(b);
                }
            }
        });
        done(head);
    }

    private void request(String method, String path, String cookie, String csrf, String json) throws IOException {
        if (socket == null) {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true); // as browsers do: a request leaves in one go, not after a delayed ACK
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Accept-Language: ru-RU,ru;q=0.9\r\n");
        if (cookie != null) {
            head.append("Cookie: ").append(WebServer.SESSION_COOKIE).append('=').append(cookie).append("\r\n");
        }
        if (csrf != null) {
            head.append(WebServer.CSRF_HEADER).append(": ").append(csrf).append("\r\n");
        }
        if (json != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        } else if (!method.equals("GET")) {
            head.append("Content-Length: 0\r\n");
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(body);
        out.write(request.toByteArray());
        out.flush();
    }

    private record Head(int status, Map<String, String> headers) {
        boolean chunked() {
            return "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        }
    }

    private Head head() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 response: " + status);
        }
        Map<String, String> headers = new HashMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.putIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    header.substring(colon + 1).trim());
        }
        return new Head(Integer.parseInt(status.substring(9, 12)), headers);
    }

    /** The body, chunk by chunk as the server sent it (chunked), or whole (Content-Length). */
    private void body(Head head, ChunkSink sink) throws IOException {
        if (head.chunked()) {
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                 size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                sink.accept(in.readNBytes(size));
                line(); // the CRLF after the chunk
            }
            for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                // trailers: none expected, read past them
            }
        } else if (head.headers().containsKey("content-length")) {
            byte[] body = in.readNBytes(Integer.parseInt(head.headers().get("content-length")));
            if (body.length > 0) {
                sink.accept(body);
            }
        } else if (head.status() != 204 && head.status() != 304) {
            throw new IOException("a response without a length: " + head);
        }
    }

    /** The server may close the connection after a response; the next request opens another. */
    private void done(Head head) throws IOException {
        if ("close".equalsIgnoreCase(head.headers().get("connection"))) {
            close();
        }
    }

    /** A line of the head or of the chunked framing, without its CRLF. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the server closed the connection mid-response");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @FunctionalInterface
    private interface ChunkSink {
        void accept(byte[] chunk) throws IOException;
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
