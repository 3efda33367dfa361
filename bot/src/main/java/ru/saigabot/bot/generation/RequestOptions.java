package ru.saigabot.bot.generation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What an API caller asked for beyond its chat's settings, stored with its request ({@code generation.request_options})
 * so that a request taken up again after a restart is answered the same way. Null sampling fields keep the
 * defaults; the answer's JSON schema is its conversation's ({@code conversation.output_schema}).
 *
 * @param adapter  the LoRA adapter the model variant names; null for the base model
 * @param stop     strings that end the answer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestOptions(Double temperature, Double topP, Long seed, Integer maxTokens, List<String> stop,
                             String adapter) {
}
