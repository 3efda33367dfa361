package ru.saigabot.bot.extract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A JSON schema that passed {@link SchemaCheck}, so llama.cpp's json-schema-to-grammar can take it without crashing
 * the process. Make one with {@link SchemaCheck#check}; the constructor is public only because a record's is.
 *
 * @param json the schema as parsed and written back compactly (key order kept: llama.cpp writes properties in it)
 */
public record CheckedSchema(String json) {

    /**
     * OpenAI's {@code "response_format": {"type": "json_object"}}: any JSON object. llama.cpp builds its generic
     * object grammar for it, which does not bound the answer's length: the token limit does.
     */
    public static final CheckedSchema JSON_OBJECT = new CheckedSchema("{\"type\":\"object\"}");

    public CheckedSchema {
        Objects.requireNonNull(json, "json");
    }

    /** SHA-256 of {@link #json} in hex, to cache grammars by: the original's whitespace does not change it. */
    public String key() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
