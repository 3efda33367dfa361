package ru.saigabot.bot.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.File;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import ru.saigabot.bot.config.TelegramEndpoint;

/**
 * Every call to Telegram goes through here: a hard timeout on each call, retries of 429 (after
 * Telegram's retry_after) and of 5xx and network errors with backoff, and one exception type.
 *
 * <p>Requests are TelegramBots' method objects, serialised and read back by TelegramBots as its own
 * client does, but sent here with a blocking OkHttp call on the caller's thread under OkHttp's call
 * deadline. TelegramBots' client runs every call on OkHttp's dispatcher threads and completes a future
 * (its {@code execute} waits on that future without a deadline): two thread hand-offs per call, which
 * on a busy 2-core machine added milliseconds to every answer and a thread per call in flight.
 */
public final class TelegramGateway implements ReplyOutbox.Transport, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TelegramGateway.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_ATTEMPTS = 4;
    /** Longer waits are not retried in place: the caller's work would stall a slot for too long. */
    private static final int MAX_RETRY_AFTER_SECONDS = 30;

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    /**
     * The Bot API's limit for downloads: Telegram answers getFile for a bigger file "file is too big". (A local Bot
     * API server has none; its own limit then is the caller's.)
     */
    public static final long TELEGRAM_DOWNLOAD_LIMIT = 20L * 1024 * 1024;
    /** The most {@link #download} can return: what fits in a byte array. */
    public static final long MAX_DOWNLOAD_BYTES = Integer.MAX_VALUE - 8;
    /** What downloads are called in failures, logs and {@link TelegramCallListener}: no Bot API method has the name. */
    static final String DOWNLOAD = "downloadFile";

    private final OkHttpClient http;
    private final OkHttpClient pollingHttp;
    private final HttpUrl botUrl;
    /** Where files are downloaded from: {@code /file/bot<token>/}, followed by getFile's file_path. */
    private final HttpUrl fileUrl;
    private final FileFetch files;
    /** A plain mapper, as TelegramBots' client uses: the method classes carry their own annotations. */
    private final ObjectMapper methods = new ObjectMapper();
    /** Null when the limits are off (benchmarks against the emulator). */
    private final SendRateLimiter limiter;
    private final TelegramCallListener listener;
    private final TokenRedaction redaction;

    public TelegramGateway(String token, TelegramEndpoint endpoint) {
        this(token, endpoint, true);
    }

    public TelegramGateway(String token, TelegramEndpoint endpoint, boolean sendLimits) {
        this(token, endpoint, sendLimits, TelegramCallListener.NONE);
    }

    public TelegramGateway(String token, TelegramEndpoint endpoint, boolean sendLimits, TelegramCallListener listener) {
        this.listener = listener;
        this.redaction = new TokenRedaction(token);
        this.limiter = sendLimits ? new SendRateLimiter(System::nanoTime) : null;
        this.http = new OkHttpClient.Builder()
                // Every answer in flight calls the one host; OkHttp keeps only 5 idle connections by default,
                // and each one more would be a new TLS handshake with Telegram.
                .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(CALL_TIMEOUT)
                .writeTimeout(CALL_TIMEOUT)
                .callTimeout(CALL_TIMEOUT)
                .build();
        // Long polls get their own dispatcher so shutting polling down cancels only them.
        this.pollingHttp = http.newBuilder()
                .dispatcher(new Dispatcher())
                .readTimeout(Duration.ofSeconds(90))
                .callTimeout(Duration.ofSeconds(90))
                .build();
        this.botUrl = new HttpUrl.Builder().scheme(endpoint.scheme()).host(endpoint.host()).port(endpoint.port())
                .addPathSegment("bot" + token).build();
        this.fileUrl = new HttpUrl.Builder().scheme(endpoint.scheme()).host(endpoint.host()).port(endpoint.port())
                .addPathSegment("file").addPathSegment("bot" + token).build();
        this.files = new FileFetch(http, redaction, listener);
    }

    /** Calls once or a few times until it succeeds, is refused for good, or runs out of attempts. */
    public <T extends Serializable> T call(BotApiMethod<T> method) {
        return withRetries(method.getMethod(), limiter == null ? null : limitedChat(method),
                () -> callOnce(http, method, CALL_TIMEOUT));
    }

    /**
     * Sends a file (its {@code InputFile} made from a stream or a file), retried like {@link #call}: as
     * multipart/form-data ({@link DocumentUpload}), since TelegramBots' method objects go as JSON, which cannot
     * carry a file.
     */
    public Message sendDocument(SendDocument method) {
        RequestBody body;
        try {
            method.validate();
            body = DocumentUpload.body(method, methods);
        } catch (TelegramApiException | IOException e) {
            throw failure(method.getMethod(), 0, "could not send: " + e.getMessage(), 0, e);
        }
        Long chatId = limiter == null ? null : parseChatId(method.getChatId());
        return withRetries(method.getMethod(), chatId,
                () -> callOnce(http, method.getMethod(), body, method::deserializeResponse, CALL_TIMEOUT));
    }

    /**
     * The bytes of a file a user sent (a document's file_id): getFile, then the download, each retried like
     * {@link #call}. A file over {@code maxBytes} is refused before its download when getFile tells its size, and
     * while downloading when the server sends more than it announced; the download never holds more than
     * {@code maxBytes + 1} bytes.
     *
     * @param maxBytes the most the caller takes, at most {@link #MAX_DOWNLOAD_BYTES}; Telegram itself serves bots up to
     *                 {@link #TELEGRAM_DOWNLOAD_LIMIT}
     * @throws FileTooBigException over {@code maxBytes}, or over Telegram's limit (Telegram's 400 "file is too big")
     * @throws TelegramCallException anything else: an unknown file_id is getFile's 400 "invalid file_id"; a failed
     *         download is method "downloadFile"'s, with the file server's HTTP status as its error code
     */
    public byte[] download(String fileId, long maxBytes) throws FileTooBigException {
        if (maxBytes < 0 || maxBytes > MAX_DOWNLOAD_BYTES) {
            throw new IllegalArgumentException("maxBytes " + maxBytes + " is not between 0 and " + MAX_DOWNLOAD_BYTES
                    + " (what a byte array holds)");
        }
        File file;
        try {
            file = call(new GetFile(fileId));
        } catch (TelegramCallException e) {
            if (e.errorCode() == 400 && e.getMessage().contains("file is too big")) {
                throw new FileTooBigException(fileId, -1, TELEGRAM_DOWNLOAD_LIMIT);
            }
            throw e;
        }
        Long size = file.getFileSize();
        if (size != null && size > maxBytes) {
            throw new FileTooBigException(fileId, size, maxBytes);
        }
        if (file.getFilePath() == null || file.getFilePath().isBlank()) {
            // Telegram documents file_path as optional: it may be unable to serve the file just now.
            throw failure(GetFile.PATH, 0, "no file_path for file " + fileId + ", so it cannot be downloaded; "
                    + "try again later", 0, null);
        }
        if (file.getFilePath().startsWith("/")) {
            throw failure(GetFile.PATH, 0, "file_path " + file.getFilePath() + " is on the Bot API server's disk "
                    + "(a server run with --local), which serves no downloads; run it without --local", 0, null);
        }
        HttpUrl url = fileUrl.newBuilder().addPathSegments(file.getFilePath()).build();
        try {
            return withRetries(DOWNLOAD, null, () -> files.fetch(url, maxBytes));
        } catch (FileFetch.Oversize e) {
            throw new FileTooBigException(fileId, e.sizeBytes(), maxBytes);
        }
    }

    private <T> T withRetries(String methodName, Long chatId, Supplier<T> once) {
        TelegramCallException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                if (chatId != null) {
                    long waitNanos = limiter.reserve(chatId);
                    if (waitNanos > 0) {
                        sleep(TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1, methodName);
                    }
                }
                return once.get();
            } catch (TelegramCallException e) {
                last = e;
                if (!e.isRetryable() || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                long waitMillis = e.errorCode() == 429
                        ? Math.max(1, e.retryAfterSeconds()) * 1000L
                        : 500L * (1L << (attempt - 1));
                if (e.retryAfterSeconds() > MAX_RETRY_AFTER_SECONDS) {
                    throw e;
                }
                log.info("telegram call retried: method={} attempt={} error_code={} wait_ms={}", methodName,
                        attempt, e.errorCode(), waitMillis);
                sleep(waitMillis, methodName);
            }
        }
        throw last;
    }

    /**
     * One attempt, and none when it would have to wait for Telegram's sending limits: for streamed
     * previews, which the next preview or the final message replaces anyway.
     */
    public <T extends Serializable> java.util.Optional<T> callUnlessThrottled(BotApiMethod<T> method) {
        Long chatId = limiter == null ? null : limitedChat(method);
        if (chatId != null && !limiter.tryReserve(chatId, 3)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(callOnce(http, method, CALL_TIMEOUT));
    }

    /**
     * Reserves the sending budget for {@code method} if it may go now (0), or says how many nanoseconds until it
     * may, reserving nothing: for {@link ReplyOutbox}, which waits on a timer instead of a sleeping thread.
     */
    @Override
    public long reserveIfDue(BotApiMethod<?> method) {
        Long chatId = limiter == null ? null : limitedChat(method);
        return chatId == null ? 0 : limiter.reserveIfDue(chatId);
    }

    /** One attempt, no waiting and no retry: for callers that reserved the budget and retry on their own. */
    @Override
    public <T extends Serializable> T callOnce(BotApiMethod<T> method) {
        return callOnce(http, method, CALL_TIMEOUT);
    }

    /** Whether {@code method} counts against Telegram's sending limits, whether or not the bot keeps to them. */
    static boolean isPaced(BotApiMethod<?> method) {
        return limitedChat(method) != null;
    }

    /** The chat a new or edited message goes to: those count against Telegram's sending limits. */
    private static Long limitedChat(BotApiMethod<?> method) {
        String chatId = null;
        if (method instanceof SendMessage send) {
            chatId = send.getChatId();
        } else if (method instanceof EditMessageText edit) {
            chatId = edit.getChatId();
        }
        return parseChatId(chatId);
    }

    private static Long parseChatId(String chatId) {
        if (chatId == null) {
            return null;
        }
        try {
            return Long.parseLong(chatId);
        } catch (NumberFormatException e) {
            return null; // an @channel username: not a chat this bot talks in
        }
    }

    /** One long poll; the caller handles errors and backoff. */
    public <T extends Serializable> T poll(BotApiMethod<T> getUpdates, Duration timeout) {
        return callOnce(pollingHttp, getUpdates, timeout);
    }

    /** Aborts a long poll in progress, so shutdown does not wait for it. */
    public void cancelPolls() {
        pollingHttp.dispatcher().cancelAll(); // the dispatcher tracks blocking calls too
    }

    private <T extends Serializable> T callOnce(OkHttpClient client, BotApiMethod<T> method, Duration timeout) {
        RequestBody body;
        try {
            method.validate();
            body = RequestBody.create(methods.writeValueAsString(method), JSON);
        } catch (TelegramApiException | JsonProcessingException e) {
            throw failure(method.getMethod(), 0, "could not send: " + e.getMessage(), 0, e);
        }
        return callOnce(client, method.getMethod(), body, method::deserializeResponse, timeout);
    }

    /** Reads a method's answer: TelegramBots' own reader of its method class. */
    @FunctionalInterface
    private interface ResponseReader<T> {
        T read(String body) throws TelegramApiException;
    }

    private <T extends Serializable> T callOnce(OkHttpClient client, String methodName, RequestBody body,
                                                ResponseReader<T> reader, Duration timeout) {
        try {
            T result = attempt(client, methodName, body, reader, timeout);
            listener.called(methodName, TelegramCallListener.OK);
            return result;
        } catch (TelegramCallException e) {
            listener.called(methodName,
                    e.errorCode() == 0 ? TelegramCallListener.NETWORK : Integer.toString(e.errorCode()));
            throw e;
        }
    }

    private <T extends Serializable> T attempt(OkHttpClient client, String methodName, RequestBody body,
                                               ResponseReader<T> reader, Duration timeout) {
        Request request = new Request.Builder()
                .url(botUrl.newBuilder().addPathSegment(methodName).build())
                .post(body)
                .build();
        Call call = client.newCall(request);
        call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        String answer;
        try (Response response = call.execute()) {
            ResponseBody responseBody = response.body();
            answer = responseBody == null ? "" : responseBody.string();
        } catch (InterruptedIOException e) { // OkHttp's call deadline, or this thread was interrupted
            String why = Thread.currentThread().isInterrupted() ? "interrupted"
                    : "no answer within " + (timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s"
                    : timeout.toMillis() + " ms");
            throw failure(methodName, 0, why, 0, e);
        } catch (IOException e) { // refused, reset, or cancelled by cancelPolls
            throw translate(methodName, e);
        }
        try {
            return reader.read(answer);
        } catch (TelegramApiException | RuntimeException e) {
            // RuntimeException: a body without "ok" makes TelegramBots' reader throw a NullPointerException.
            throw translate(methodName, e);
        }
    }

    private TelegramCallException translate(String method, Throwable cause) {
        if (cause instanceof TelegramApiRequestException) {
            TelegramApiRequestException request = (TelegramApiRequestException) cause;
            if (request.getErrorCode() != null && request.getErrorCode() != 0) {
                int retryAfter = request.getParameters() != null && request.getParameters().getRetryAfter() != null
                        ? request.getParameters().getRetryAfter() : 0;
                return failure(method, request.getErrorCode(), request.getApiResponse(), retryAfter, cause);
            }
        }
        String message = cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return failure(method, 0, message, 0, cause);
    }

    /**
     * Every failure leaves through here, without the token: Telegram's answer, the HTTP client's and TelegramBots'
     * messages may all repeat the request's URL, and the exception is logged, shown in errors, and kept as a cause.
     */
    private TelegramCallException failure(String method, int errorCode, String description, int retryAfterSeconds,
                                          Throwable cause) {
        return new TelegramCallException(method, errorCode, redaction.text(description), retryAfterSeconds,
                redaction.cause(cause));
    }

    private void sleep(long millis, String method) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(method, 0, "interrupted while waiting to retry", 0, e);
        }
    }

    @Override
    public void close() {
        cancelPolls();
        http.connectionPool().evictAll(); // shared with the polling client
    }
}
