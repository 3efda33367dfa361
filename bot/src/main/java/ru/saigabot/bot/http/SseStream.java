package ru.saigabot.bot.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events on one response, flushed event by event, or together ({@link #buffer}, {@link #flush}) when
 * several are ready at once. The status and headers go out with the first event, so a request refused before its
 * answer starts still gets its error status. A write that fails means the client has gone.
 */
public final class SseStream {
    private final HttpServletResponse response;
    private OutputStream out;

    public SseStream(HttpServletResponse response) {
        this.response = response;
    }

    public boolean started() {
        return out != null;
    }

    /** One {@code data:} event (a JSON object, or {@code [DONE]}). */
    public void data(String payload) throws IOException {
        write("data: " + payload + "\n\n");
    }

    /** A named event ({@code event:} then one {@code data:} line); {@code payload} must be one line (JSON is). */
    public void event(String name, String payload) throws IOException {
        write("event: " + name + "\ndata: " + payload + "\n\n");
    }

    /**
     * A named event like {@link #event}, left in the response's buffer until {@link #flush}: events that are ready
     * together leave in one write (one system call, one TCP segment) instead of one each.
     */
    public void buffer(String name, String payload) throws IOException {
        write("event: " + name + "\ndata: " + payload + "\n\n", false);
    }

    /** A comment line, which clients ignore: keeps a quiet stream open and notices a client that left. */
    public void comment(String text) throws IOException {
        write(": " + text + "\n\n");
    }

    /** Sends what {@link #buffer} left. */
    public void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    private void write(String event) throws IOException {
        write(event, true);
    }

    private void write(String event, boolean flush) throws IOException {
        if (out == null) {
            response.setStatus(200);
            response.setContentType("text/event-stream; charset=utf-8");
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Accel-Buffering", "no"); // nginx: pass events on as they come
            out = response.getOutputStream();
        }
        out.write(event.getBytes(StandardCharsets.UTF_8));
        if (flush) {
            out.flush();
        }
    }
}
