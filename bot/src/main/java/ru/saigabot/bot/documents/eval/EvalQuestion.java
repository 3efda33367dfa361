package ru.saigabot.bot.documents.eval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A line of an evaluation set: a question and how to recognise a passage that answers it, by its file and page or
 * by words it must contain ({@code answer_contains}, compared folded, with spaces collapsed).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvalQuestion(@JsonProperty("question") String question, @JsonProperty("file") String file,
                           @JsonProperty("page") Integer page,
                           @JsonProperty("answer_contains") String answerContains) {

    /** Why the line cannot be used, or null when it can. */
    public String problem() {
        if (question == null || question.isBlank()) {
            return "no \"question\"";
        }
        if ((answerContains == null || answerContains.isBlank()) && (file == null || file.isBlank())) {
            return "neither \"answer_contains\" nor \"file\" says which passage answers it";
        }
        return null;
    }
}
