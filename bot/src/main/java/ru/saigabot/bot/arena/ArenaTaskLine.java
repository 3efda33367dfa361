package ru.saigabot.bot.arena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * One line of a task file for {@code arena tasks load} (JSONL):
 * {@code {"prompt": "...", "variant_a": "...", "answer_a": "...", "variant_b": "...", "answer_b": "...",
 * "control": "a"}}. Only the prompt is required; answers come both or neither (without them the task waits for
 * {@code arena tasks generate}), each with its variant. Ready answers may come from anywhere (another service,
 * an older run), so their variant is a label: written in the variant syntax it is stored canonically, otherwise
 * as given.
 *
 * @param control the known right choice of a control task, or empty
 */
public record ArenaTaskLine(String prompt, Optional<String> variantA, Optional<String> answerA,
                            Optional<String> variantB, Optional<String> answerB, Optional<Choice> control) {
    static final int MAX_LABEL = 200;

    public boolean answered() {
        return answerA.isPresent();
    }

    /** Parses line {@code number} (from 1) of a task file; a bad line is refused with its number and the reason. */
    public static ArenaTaskLine parse(String line, int number, ObjectMapper json, VariantParser variants) {
        try {
            JsonNode node = json.readTree(line);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("it is not a JSON object");
            }
            String prompt = text(node, "prompt")
                    .orElseThrow(() -> new IllegalArgumentException("\"prompt\" is missing"));
            Optional<String> answerA = text(node, "answer_a");
            Optional<String> answerB = text(node, "answer_b");
            if (answerA.isPresent() != answerB.isPresent()) {
                throw new IllegalArgumentException("give both answer_a and answer_b, or neither");
            }
            Optional<String> variantA = text(node, "variant_a").map(v -> label(v, variants));
            Optional<String> variantB = text(node, "variant_b").map(v -> label(v, variants));
            if (answerA.isPresent() && (variantA.isEmpty() || variantB.isEmpty())) {
                throw new IllegalArgumentException("ready answers need variant_a and variant_b (who wrote them)");
            }
            if (variantA.isPresent() && variantA.equals(variantB)) {
                throw new IllegalArgumentException("variant_a and variant_b are the same: " + variantA.get());
            }
            Optional<Choice> control = Choice.control(text(node, "control").orElse(null));
            if (control.isPresent() && answerA.isEmpty()) {
                throw new IllegalArgumentException(
                        "a control task needs its ready answers: the known choice is about them");
            }
            return new ArenaTaskLine(prompt, variantA, answerA, variantB, answerB, control);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        String text = value.asText();
        if (text.isBlank()) {
            throw new IllegalArgumentException("\"" + field + "\" is empty");
        }
        return Optional.of(text);
    }

    private static String label(String text, VariantParser variants) {
        try {
            return variants.parse(text).spec();
        } catch (IllegalArgumentException notAVariant) {
            if (text.matches(".*@[^@]*=.*")) {
                throw notAVariant; // meant as a variant with parameters: say what is wrong with them
            }
            String label = text.strip();
            if (label.length() > MAX_LABEL || label.contains("\n")) {
                throw new IllegalArgumentException("variant label '" + label + "' must be one line of at most "
                        + MAX_LABEL + " characters", notAVariant);
            }
            return label;
        }
    }
}
