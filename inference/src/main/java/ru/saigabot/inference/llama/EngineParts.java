package ru.saigabot.inference.llama;

import de.kherud.llama.LlamaModel;
import java.util.Map;
import ru.saigabot.inference.cache.PromptCacheLedger;
import ru.saigabot.inference.context.PromptStarts;
import ru.saigabot.inference.context.TokenCounter;
import ru.saigabot.inference.template.ChatTemplate;

/**
 * What every generation of one loaded model shares.
 *
 * @param adapterIds each registered LoRA adapter's name and its index in llama.cpp's adapter list
 * @param starts     where each conversation's prompt starts after its oldest turns were dropped
 * @param grammars   the grammars of the JSON schemas requests asked for
 */
record EngineParts(LlamaModel model, String modelName, LlamaEngineConfig config, ChatTemplate template,
                   TokenCounter counter, PromptCacheLedger ledger, Map<String, Integer> adapterIds,
                   PromptStarts starts, JsonGrammars grammars) {

    EngineParts {
        adapterIds = Map.copyOf(adapterIds);
    }
}
