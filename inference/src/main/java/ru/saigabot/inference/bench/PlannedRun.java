package ru.saigabot.inference.bench;

import ru.saigabot.inference.llama.LlamaEngineConfig;

/**
 * One run of conversations a bench will make: a scenario on an engine with the prompt cache, or its replay on one
 * without it.
 *
 * @param label          what progress lines call it
 * @param name           the scenario's name in the report ({@code users4_turns10})
 * @param engine         the engine it runs on; runs one after another on the same settings share a loaded model
 * @param firstTokenOnly answers stop at their first token (see {@link BenchRunner#replay})
 */
public record PlannedRun(String label, String name, BenchScenario scenario, BenchConversations workload,
                         LlamaEngineConfig engine, boolean firstTokenOnly) {

    public int answers() {
        return workload.users() * workload.turns();
    }

    /** False for a replay without the prompt cache. */
    public boolean promptCache() {
        return engine.promptCache();
    }
}
