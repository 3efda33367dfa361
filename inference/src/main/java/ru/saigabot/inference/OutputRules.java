package ru.saigabot.inference;

import java.util.List;

/**
 * What an answer must look like beyond its sampling: strings that end it, and JSON that follows a schema. The local
 * engine enforces the schema with a grammar (so the text always parses); a remote backend is asked for it.
 *
 * @param stop       strings that end the answer where the model writes them (not included in it); the template's
 *                   own end-of-turn strings always apply too
 * @param jsonSchema the JSON schema the answer must follow, already checked by the caller; null for free text
 */
public record OutputRules(List<String> stop, String jsonSchema) {
    /** Free text, ended by the template's end of turn only. */
    public static final OutputRules NONE = new OutputRules(List.of(), null);
    /** At most this many stop strings, as OpenAI's API allows. */
    public static final int MAX_STOP = 4;

    public OutputRules {
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (stop.size() > MAX_STOP) {
            throw new IllegalArgumentException("stop: at most " + MAX_STOP + " strings, not " + stop.size());
        }
        if (stop.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("stop: a stop string must not be empty");
        }
    }

    /** Free text ended by {@code stop}. */
    public static OutputRules stopAt(List<String> stop) {
        return new OutputRules(stop, null);
    }

    /** The same rules with the answer in JSON following {@code schema}. */
    public OutputRules withJsonSchema(String schema) {
        return new OutputRules(stop, schema);
    }

    public boolean json() {
        return jsonSchema != null;
    }
}
