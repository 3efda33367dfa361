package ru.saigabot.bot.cli;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import ru.saigabot.inference.bench.BenchScenario;

/**
 * {@code saiga-bot bench --quick}: issue #20's figures in about a minute with {@code --shape small} on a 2-core
 * machine. Eight conversations share four slots, each user reading an answer twice as long as it took to write (the
 * cache's hit rate), the long conversation outgrows a context of
 * 1024 tokens (what dropping old turns costs), and the group asks six questions, all with short answers. Only long
 * and group are replayed without the cache, each answer to its first token: a replay of eight conversations would
 * take as long as their run, for a figure the preset does not need. A flag given on the command line keeps its value.
 */
final class QuickPreset {
    /** The scenarios {@code --quick} replays without the prompt cache. */
    static final Set<BenchScenario> REPLAYED = EnumSet.of(BenchScenario.LONG, BenchScenario.GROUP);

    /** Each preset option and its value, as picocli holds it. */
    static final Map<String, Object> VALUES = values();

    private QuickPreset() {
    }

    private static Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("--scenarios", List.of("turns", "long", "group"));
        values.put("--users", 8);
        values.put("--slots", List.of(4));
        values.put("--turns", 4);
        values.put("--long-turns", 16);
        values.put("--group-messages", 60);
        values.put("--tokens", 32);
        values.put("--ctx-size", 1024);
        values.put("--reading", 2.0);
        return Collections.unmodifiableMap(values);
    }

    /** Sets every preset option the command line did not give. */
    static void apply(CommandSpec spec, ParseResult given) {
        VALUES.forEach((name, value) -> {
            if (!given.hasMatchedOption(name)) {
                OptionSpec option = spec.findOption(name);
                option.setValue(value);
            }
        });
    }
}
