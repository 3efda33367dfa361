package ru.saigabot.bot.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/** Errors as OpenAI's API writes them: {@code {"error": {"message", "type", "param", "code"}}}. */
final class ApiErrors {
    private ApiErrors() {}

    static ObjectNode body(ObjectMapper json, ApiError error) {
        ObjectNode body = json.createObjectNode();
        ObjectNode inner = body.putObject("error");
        inner.put("message", error.getMessage()).put("type", error.type()).put("param", error.param())
                .put("code", error.code());
        return body;
    }

    static void write(Context ctx, ObjectMapper json, ApiError error) {
        error.retryAfterSeconds().ifPresent(seconds -> ctx.header("Retry-After", Long.toString(seconds)));
        ctx.status(error.status()).contentType("application/json").result(body(json, error).toString());
    }
}
