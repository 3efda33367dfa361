package ru.saigabot.inference.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import ru.saigabot.inference.SettingRange;
import ru.saigabot.inference.llama.KvCacheType;
import ru.saigabot.inference.llama.LlamaEngineConfig;

/**
 * Everything one {@code saiga-bot bench} measures, checked once: a setting out of range is refused with the flag that
 * sets it. Every scenario runs on every engine setting: each {@code --kv-cache-type} with each {@code --slots}, one
 * model load each, and one more each for the replays without the prompt cache.
 *
 * @param scenarios     what to run; run in {@link BenchScenario}'s order whatever the order given
 * @param users         conversations at once in {@code users} and {@code turns}
 * @param turns         turns of each conversation of {@code turns}
 * @param longTurns     turns of the one conversation of {@code long}
 * @param groupMessages messages of the group chat of {@code group}
 * @param tokens        the longest answer
 * @param slots         the slot counts to measure, each on its own model load
 * @param kvCacheTypes  the KV cache types to measure, each on its own model loads
 * @param replayed      the multi-turn scenarios to replay without the prompt cache (others are ignored)
 * @param reading       how long each user reads an answer before the next turn, as a multiple of the time the
 *                      answer took; 0 asks at once
 * @param kvSlots       slots keeping a KV cache, each {@code slots} value of them generating at once; 0 is as many
 *                      as generate
 */
public record BenchPlan(Path model, String template, int threads, List<BenchScenario> scenarios, int users, int turns,
                        int longTurns, int groupMessages, int tokens, long seed, List<Integer> slots, int ctxSize,
                        List<KvCacheType> kvCacheTypes, int cacheReuse, Set<BenchScenario> replayed,
                        double reading, int kvSlots) {
    /** {@code --long-turns}. */
    public static final SettingRange LONG_TURNS = SettingRange.whole("long turns", "--long-turns", 1,
            BenchWorkload.TURNS_MAX);
    /** {@code --reading}: at most ten times as long as the answer took. */
    public static final double MAX_READING = 10;

    public BenchPlan {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(template, "template");
        scenarios = List.of(BenchScenario.values()).stream().filter(scenarios::contains).toList();
        slots = List.copyOf(slots);
        kvCacheTypes = kvCacheTypes.stream().distinct().toList();
        replayed = Set.copyOf(replayed.stream().filter(BenchScenario::multiTurn).filter(scenarios::contains).toList());
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("--scenarios: name at least one scenario");
        }
        BenchWorkload.USERS.checkOption(users);
        BenchWorkload.TURNS.checkOption(turns);
        LONG_TURNS.checkOption(longTurns);
        GroupWorkload.checkOption(groupMessages);
        BenchWorkload.TOKENS.checkOption(tokens);
        SettingRange.THREADS.checkOption(threads);
        SettingRange.CTX_SIZE.checkOption(ctxSize);
        LlamaEngineConfig.CACHE_REUSE.checkOption(cacheReuse);
        if (!(reading >= 0 && reading <= MAX_READING)) {
            throw new IllegalArgumentException("--reading = " + reading + " is out of range; allowed 0.." + MAX_READING
                    + " (times the answer's own time)");
        }
        if (slots.isEmpty() || kvCacheTypes.isEmpty()) {
            throw new IllegalArgumentException("--slots and --kv-cache-type need at least one value each");
        }
        slots.forEach(value -> SettingRange.SLOTS.checkOption(value));
        if (kvSlots != 0) {
            SettingRange.SLOTS.check("--kv-slots", kvSlots);
            if (kvSlots < slots.stream().mapToInt(Integer::intValue).max().orElse(1)) {
                throw new IllegalArgumentException("--kv-slots (" + kvSlots + ") must be 0 or at least every --slots "
                        + "value " + slots);
            }
        }
        if (tokens >= ctxSize) {
            throw new IllegalArgumentException("--tokens (" + tokens + ") must be smaller than --ctx-size (" + ctxSize
                    + "): the context holds the prompt and the answer");
        }
    }

    /** The same plan for another model file (a shape is written only once the options are known to be good). */
    public BenchPlan withModel(Path value) {
        return new BenchPlan(value, template, threads, scenarios, users, turns, longTurns, groupMessages, tokens, seed,
                slots, ctxSize, kvCacheTypes, cacheReuse, replayed, reading, kvSlots);
    }

    /** Every run in order: per KV cache type and slot count, each scenario with the cache, then the replays. */
    public List<PlannedRun> runs() {
        List<PlannedRun> runs = new ArrayList<>();
        boolean several = slots.size() * kvCacheTypes.size() > 1;
        for (KvCacheType type : kvCacheTypes) {
            for (int slotCount : slots) {
                int cached = Math.max(slotCount, kvSlots);
                LlamaEngineConfig engine = new LlamaEngineConfig(model, cached, threads, ctxSize, template)
                        .withKvCacheType(type).withCacheReuse(cacheReuse).withSlots(cached, slotCount);
                String setting = several ? " (" + slotCount + " slots, " + type.label() + ")" : "";
                for (BenchScenario scenario : scenarios) {
                    runs.add(new PlannedRun(name(scenario) + setting, name(scenario), scenario, workload(scenario),
                            engine, false));
                }
                for (BenchScenario scenario : scenarios) {
                    if (replayed.contains(scenario)) {
                        BenchConversations workload = workload(scenario);
                        runs.add(new PlannedRun(name(scenario) + setting + " without the cache", name(scenario),
                                scenario, workload, engine.withPromptCache(false), workload.users() == 1));
                    }
                }
            }
        }
        return runs;
    }

    /** Model loads: one per run of runs in a row on the same settings. */
    public int engineLoads() {
        int loads = 0;
        LlamaEngineConfig previous = null;
        for (PlannedRun run : runs()) {
            if (!run.engine().equals(previous)) {
                loads++;
                previous = run.engine();
            }
        }
        return loads;
    }

    /**
     * Each scenario asks its own questions: had two asked the same first question, the later one would find that
     * prompt in a slot's cache and measure nothing. Only the system prompt is shared, as the bot's default one is.
     */
    BenchConversations workload(BenchScenario scenario) {
        long own = seed + 7919L * scenario.ordinal();
        return switch (scenario) {
            case SINGLE -> new BenchWorkload(1, 1, tokens, own);
            case USERS -> new BenchWorkload(users, 1, tokens, own);
            case TURNS -> new BenchWorkload(users, turns, tokens, own);
            case LONG -> new BenchWorkload(1, longTurns, tokens, own);
            case GROUP -> new GroupWorkload(groupMessages, tokens, own);
        };
    }

    /** The scenario's name in the report: {@code single}, {@code users4}, {@code users4_turns10}, … */
    String name(BenchScenario scenario) {
        return switch (scenario) {
            case SINGLE -> "single";
            case USERS -> "users" + users;
            case TURNS -> "users" + users + "_turns" + turns;
            case LONG -> "long_turns" + longTurns;
            case GROUP -> "group" + groupMessages;
        };
    }
}
