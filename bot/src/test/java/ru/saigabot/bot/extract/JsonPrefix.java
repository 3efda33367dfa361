package ru.saigabot.bot.extract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;

/** Whether a text cut off anywhere is the start of one JSON value. */
final class JsonPrefix {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonPrefix() {}

    static boolean isStartOfJson(String text) throws IOException {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return false;
        }
        try (JsonParser parser = FACTORY.createParser(trimmed)) {
            while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.VALUE_STRING) {
                    parser.getText(); // strings are read lazily; make it read this one
                }
            }
            return true;
        } catch (StreamReadException e) {
            // Cut inside a token: an unfinished string, number or literal, or the end of input where more must come.
            if (e.getMessage().contains("end-of-input") || isCutLiteral(e, trimmed)) {
                return true;
            }
            // A number cut after its point, its sign or its exponent's mark
            return ".eE+-".indexOf(trimmed.charAt(trimmed.length() - 1)) >= 0 && isStartOfJson(trimmed + "0");
        }
    }

    /** Jackson reports "tru" or "nul" at the end as an unrecognised token, not as the end of input. */
    private static boolean isCutLiteral(StreamReadException e, String text) {
        for (String literal : new String[] {"true", "false", "null"}) {
            for (int cut = 1; cut < literal.length(); cut++) {
                if (text.endsWith(literal.substring(0, cut)) && e.getMessage().contains("'" + literal.substring(0,
                        cut) + "'")) {
                    return true;
                }
            }
        }
        return false;
    }
}
