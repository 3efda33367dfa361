package ru.saigabot.bot.api;

import java.util.OptionalLong;

/**
 * A request the API refuses, as OpenAI's API refuses it: a status, an error type and code that clients switch on,
 * and a message a person can act on.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final OptionalLong retryAfterSeconds;

    private ApiError(int status, String type, String code, String param, String message, OptionalLong retryAfter) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retryAfterSeconds = retryAfter;
    }

    /** 400: the request is malformed or asks for something not supported; {@code param} names the field. */
    public static ApiError invalid(String param, String message) {
        return new ApiError(400, "invalid_request_error", "invalid_value", param, message, OptionalLong.empty());
    }

    /** 400: a field this server does not support, named rather than silently ignored. */
    public static ApiError unsupported(String param, String message) {
        return new ApiError(400, "invalid_request_error", "unsupported_parameter", param, message,
                OptionalLong.empty());
    }

    /** 400: the conversation does not fit the model's context. */
    public static ApiError tooLong(String message) {
        return new ApiError(400, "invalid_request_error", "context_length_exceeded", "messages", message,
                OptionalLong.empty());
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "invalid_request_error", "invalid_api_key", null, message, OptionalLong.empty());
    }

    public static ApiError notFound(String param, String code, String message) {
        return new ApiError(404, "invalid_request_error", code, param, message, OptionalLong.empty());
    }

    public static ApiError tooLarge(String message) {
        return new ApiError(413, "invalid_request_error", "request_too_large", null, message, OptionalLong.empty());
    }

    /** 429 with Retry-After: a limit of the key or of the queue. */
    public static ApiError rateLimited(long retryAfterSeconds, String message) {
        return new ApiError(429, "rate_limit_error", "rate_limit_exceeded", null, message,
                OptionalLong.of(Math.max(1, retryAfterSeconds)));
    }

    /** 503 with Retry-After: the server is stopping or cannot answer now. */
    public static ApiError unavailable(long retryAfterSeconds, String message) {
        return new ApiError(503, "server_error", "service_unavailable", null, message,
                OptionalLong.of(Math.max(1, retryAfterSeconds)));
    }

    public static ApiError internal(String message) {
        return new ApiError(500, "server_error", "internal_error", null, message, OptionalLong.empty());
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    public OptionalLong retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
