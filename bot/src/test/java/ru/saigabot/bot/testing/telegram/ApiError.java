package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Bot API error. Thrown by method handlers and turned into Telegram's error shape by the HTTP layer:
 * {@code {"ok":false,"error_code":N,"description":"...","parameters":{"retry_after":S}}}, with the HTTP
 * status equal to error_code, as Telegram does.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int errorCode;
    private final String description;
    private final Integer retryAfter;

    ApiError(int errorCode, String description, Integer retryAfter) {
        super(errorCode + " " + description, null, false, false);
        this.errorCode = errorCode;
        this.description = description;
        this.retryAfter = retryAfter;
    }

    static ApiError badRequest(String detail) {
        return new ApiError(400, "Bad Request: " + detail, null);
    }

    int errorCode() {
        return errorCode;
    }

    ObjectNode toJson() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("ok", false);
        body.put("error_code", errorCode);
        body.put("description", description);
        if (retryAfter != null) {
            body.putObject("parameters").put("retry_after", retryAfter);
        }
        return body;
    }
}
