package ru.saigabot.training.prepare;

import java.util.List;

/**
 * The Python packages a run installs, pinned so that a run folder trains the same way next year. One set of
 * versions released together (mid 2025) and meant for each other: TRL 0.19.1 requires transformers 4.51 or
 * newer; its CLI has the sft, kto and dpo commands. llama.cpp is pinned to the build the bot's java-llama.cpp
 * 4.2.0 runs (b4916), so the converted adapter is one that build loads.
 */
final class Requirements {
    static final String TRL = "0.19.1";
    static final String LLAMA_CPP_TAG = "b4916";

    static final List<String> TRAINING = List.of(
            "torch==2.7.1",
            "transformers==4.53.2",
            "trl==" + TRL,
            "peft==0.16.0",
            "datasets==3.6.0",
            "accelerate==1.8.1",
            "bitsandbytes==0.46.1",
            "huggingface_hub==0.33.4");

    private Requirements() {}

    static String file() {
        return "# Pinned by 'saiga-bot train prepare'; installed by run.sh into .venv\n"
                + String.join("\n", TRAINING) + "\n";
    }
}
