package ru.saigabot.inference.remote;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns a Server-Sent Events byte stream into the data of its events, as the HTML standard's event-stream
 * format says: lines end in LF, CRLF or CR; {@code data:} lines of one event are joined with a newline; a
 * blank line ends the event; lines starting with {@code :} are comments (keep-alives); other fields
 * ({@code event:}, {@code id:}, {@code retry:}) are ignored, as a chat completion stream has no use for them.
 * Bytes are decoded as UTF-8 across chunks, so a character split between two TCP reads arrives whole.
 * Not thread-safe: one stream, one parser, chunks in order.
 */
final class SseParser {
    private final Consumer<String> onData;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** Bytes of an incomplete UTF-8 sequence from the previous chunk. */
    private ByteBuffer carry = ByteBuffer.allocate(0);
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    /** The previous chunk ended in CR: an LF opening this one belongs to the same line break. */
    private boolean afterCr;
    private boolean firstLine = true;

    SseParser(Consumer<String> onData) {
        this.onData = onData;
    }

    /** Reads a chunk; calls back for each event it completes. */
    void feed(ByteBuffer chunk) {
        ByteBuffer in = carry.hasRemaining() ? join(carry, chunk) : chunk;
        CharBuffer out = CharBuffer.allocate(Math.max(16, in.remaining()));
        utf8.decode(in, out, false);
        carry = in.hasRemaining() ? copy(in) : ByteBuffer.allocate(0);
        out.flip();
        accept(out);
    }

    /**
     * The stream ended: a last line without its line break still counts, and an event whose blank line never came
     * is delivered too (servers that close right after their last {@code data:} line are common enough).
     */
    void finish() {
        CharBuffer out = CharBuffer.allocate(16);
        utf8.decode(carry, out, true);
        utf8.flush(out);
        carry = ByteBuffer.allocate(0);
        out.flip();
        accept(out);
        if (line.length() > 0) {
            endLine();
        }
        dispatch();
    }

    private void accept(CharBuffer chars) {
        while (chars.hasRemaining()) {
            char c = chars.get();
            if (afterCr && c == '\n') {
                afterCr = false;
                continue;
            }
            afterCr = c == '\r';
            if (c == '\n' || c == '\r') {
                endLine();
            } else {
                line.append(c);
            }
        }
    }

    private void endLine() {
        String text = line.toString();
        line.setLength(0);
        if (firstLine) {
            firstLine = false;
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1); // a byte order mark may open the stream
            }
        }
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("data")) {
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        }
    }

    private void dispatch() {
        if (!hasData) {
            return;
        }
        String event = data.toString();
        data.setLength(0);
        hasData = false;
        onData.accept(event);
    }

    private static ByteBuffer join(ByteBuffer first, ByteBuffer second) {
        ByteBuffer both = ByteBuffer.allocate(first.remaining() + second.remaining());
        both.put(first).put(second).flip();
        return both;
    }

    private static ByteBuffer copy(ByteBuffer rest) {
        ByteBuffer copy = ByteBuffer.allocate(rest.remaining());
        copy.put(rest).flip();
        return copy;
    }
}
