package ru.saigabot.inference.llama;

import de.kherud.llama.LlamaModel;
import java.util.LinkedHashMap;
import java.util.Map;
import ru.saigabot.inference.InferenceException;

/**
 * llama.cpp grammars for JSON schemas, made once per schema: an extraction preset or an API client's schema comes
 * with every request, and converting it costs more than a token. Bounded, the schemas used longest ago go first.
 * The schema must have been checked by the caller: llama.cpp's converter handles a subset of JSON Schema only.
 * Thread-safe.
 */
final class JsonGrammars {
    private static final int CAPACITY = 256;

    private final Map<String, String> grammars = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CAPACITY;
        }
    };

    /** @throws InferenceException when llama.cpp cannot turn the schema into a grammar */
    String of(String schema) {
        synchronized (grammars) {
            String known = grammars.get(schema);
            if (known != null) {
                return known;
            }
        }
        String grammar;
        try {
            grammar = LlamaModel.jsonSchemaToGrammar(schema);
        } catch (RuntimeException e) {
            throw new InferenceException("the JSON schema cannot be turned into a grammar: " + e.getMessage(), e);
        }
        if (grammar == null || grammar.isBlank()) {
            throw new InferenceException("the JSON schema gave an empty grammar");
        }
        synchronized (grammars) {
            grammars.put(schema, grammar);
        }
        return grammar;
    }
}
