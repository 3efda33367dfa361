package ru.saigabot.bot.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One attempt at downloading a file from Telegram's file server, for {@link TelegramGateway#download}, which asks
 * getFile for the path and retries attempts like its calls. Failures carry no token, as every failure of the gateway.
 */
final class FileFetch {
    /** A download moves up to 20 MB, a call a few KB: it gets longer, and still a hard deadline. */
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(60);
    /** Of an error page only its start is read: enough for Telegram's error object, not a proxy's whole page. */
    private static final int ERROR_BODY_LIMIT = 4096;

    private final OkHttpClient http;
    private final TokenRedaction redaction;
    private final TelegramCallListener listener;
    private final ObjectMapper json = new ObjectMapper();

    FileFetch(OkHttpClient http, TokenRedaction redaction, TelegramCallListener listener) {
        this.http = http;
        this.redaction = redaction;
        this.listener = listener;
    }

    /** Carries "over the limit" out of a download attempt and past the retries, which do not catch it. */
    static final class Oversize extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long sizeBytes;

        Oversize(long sizeBytes) {
            super(null, null, false, false);
            this.sizeBytes = sizeBytes;
        }

        /** -1 when the server did not say. */
        long sizeBytes() {
            return sizeBytes;
        }
    }

    /** One attempt, counted for the listener. */
    byte[] fetch(HttpUrl url, long maxBytes) {
        try {
            byte[] bytes = once(url, maxBytes);
            listener.called(TelegramGateway.DOWNLOAD, TelegramCallListener.OK);
            return bytes;
        } catch (Oversize e) {
            listener.called(TelegramGateway.DOWNLOAD, TelegramCallListener.OK); // the server answered; the file is wrong
            throw e;
        } catch (TelegramCallException e) {
            listener.called(TelegramGateway.DOWNLOAD,
                    e.errorCode() == 0 ? TelegramCallListener.NETWORK : Integer.toString(e.errorCode()));
            throw e;
        }
    }

    /**
     * One GET of a file. Neither getFile's file_size nor the Content-Length is trusted to bound the reading: at most
     * {@code maxBytes + 1} bytes are read, and one more than the limit means the file is over it.
     */
    private byte[] once(HttpUrl url, long maxBytes) {
        Call call = http.newCall(new Request.Builder().url(url).get().build());
        call.timeout().timeout(DOWNLOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try (Response response = call.execute()) {
            ResponseBody body = response.body();
            if (!response.isSuccessful()) {
                byte[] start = body == null ? new byte[0] : readAtMost(body.byteStream(), ERROR_BODY_LIMIT);
                throw refusal(response.code(), new String(start, StandardCharsets.UTF_8));
            }
            if (body == null) {
                throw failure(0, "an answer without a body", 0, null);
            }
            long announced = body.contentLength(); // -1 when the server did not say
            if (announced > maxBytes) {
                throw new Oversize(announced);
            }
            byte[] bytes = readAtMost(body.byteStream(), maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new Oversize(-1);
            }
            return bytes;
        } catch (InterruptedIOException e) {
            String why = Thread.currentThread().isInterrupted() ? "interrupted"
                    : "not downloaded within " + DOWNLOAD_TIMEOUT.toSeconds() + " s";
            throw failure(0, why, 0, e);
        } catch (IOException e) { // refused, reset, or the body ended early
            throw failure(0, e.getClass().getSimpleName() + ": " + e.getMessage(), 0, e);
        }
    }

    /** Up to {@code limit} bytes of {@code in}; fewer when it ends first. */
    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 64 * 1024));
        byte[] buffer = new byte[8192];
        long left = limit;
        int read;
        while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) != -1) {
            out.write(buffer, 0, read);
            left -= read;
        }
        return out.toByteArray();
    }

    /**
     * The file server's refusal. Telegram's answers with its usual error object; a proxy with a page, of which the
     * start is shown (without the token, as every failure).
     */
    private TelegramCallException refusal(int status, String body) {
        String page = redaction.text(body.strip()); // before it is cut: a cut could leave part of the secret
        String description = "HTTP " + status + (page.isEmpty() ? ""
                : ": " + (page.length() > 200 ? page.substring(0, 200) + "…" : page));
        int retryAfter = 0;
        try {
            JsonNode error = json.readTree(body);
            if (error != null && error.hasNonNull("description")) {
                description = error.get("description").asText();
                retryAfter = error.path("parameters").path("retry_after").asInt(0);
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the page as it is
        }
        return failure(status, description, retryAfter, null);
    }

    private TelegramCallException failure(int errorCode, String description, int retryAfterSeconds, Throwable cause) {
        return new TelegramCallException(TelegramGateway.DOWNLOAD, errorCode, redaction.text(description),
                retryAfterSeconds, redaction.cause(cause));
    }
}
