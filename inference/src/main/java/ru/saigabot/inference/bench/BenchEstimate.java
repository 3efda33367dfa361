package ru.saigabot.inference.bench;

import java.util.List;
import ru.saigabot.inference.ChatMessage;

/**
 * How long a run of conversations should take at the speeds of one measured answer: a rough figure for the operator,
 * not a benchmark result. Each turn's new text is its characters at the measured tokens per character plus the
 * previous answer at full length; a prompt grows by it until it outgrows the context, then falls to the engine's
 * low-water mark and grows again. With the cache a turn evaluates its new text (after a drop without chunk reuse, the
 * whole prompt), without it the whole prompt. Time users spend reading ({@code --reading}) is not counted. The speeds
 * are the machine's aggregate ones.
 */
public final class BenchEstimate {
    /** Template markup around one turn, in tokens (role names, control tokens): a little, whatever the template. */
    private static final int MARKUP_TOKENS = 6;

    /**
     * The machine's speeds, measured on one answer.
     *
     * @param promptTokensPerSecond prompt tokens evaluated per second, all slots together
     * @param decodeTokensPerSecond tokens generated per second, all slots together
     * @param tokensPerChar         the answer's prompt tokens over its characters (system prompt and user turn)
     */
    public record Speeds(double promptTokensPerSecond, double decodeTokensPerSecond, double tokensPerChar) {

        /**
         * The speeds of {@code sample}, the first answer of {@code run}. It generated its answer beside as many others
         * as the run has conversations and the engine slots, so the machine generates that many times its speed; its
         * prompt was evaluated as it came, mostly alone (the first prompts rarely start in the same batch).
         */
        public static Speeds of(TurnSample sample, PlannedRun run) {
            double ttft = sample.stats().timeToFirstToken().toNanos() / 1e9;
            double decode = sample.stats().total().minus(sample.stats().timeToFirstToken()).toNanos() / 1e9;
            int chars = BenchWorkload.SYSTEM_PROMPT.length() + run.workload().userTurns(sample.user())
                    .get(sample.turn()).content().length();
            int atOnce = Math.min(run.workload().users(), run.engine().running());
            return new Speeds(ttft > 0 ? sample.stats().processedPromptTokens() / ttft : 0,
                    decode > 0 ? atOnce * Math.max(0, sample.stats().generatedTokens() - 1) / decode : 0,
                    (double) sample.stats().promptTokens() / chars);
        }
    }

    private BenchEstimate() {
    }

    /** The seconds {@code run} should take at {@code speeds}; 0 when a speed is unknown. */
    public static double seconds(PlannedRun run, Speeds speeds) {
        if (speeds.promptTokensPerSecond() <= 0 || speeds.decodeTokensPerSecond() <= 0) {
            return 0;
        }
        BenchConversations workload = run.workload();
        int answer = run.firstTokenOnly() ? 1 : workload.maxTokens();
        double room = Math.max(1, run.engine().ctxSize() - workload.maxTokens());
        double evaluated = 0;
        for (int user = 0; user < workload.users(); user++) {
            List<ChatMessage> turns = workload.userTurns(user);
            double prompt = BenchWorkload.SYSTEM_PROMPT.length() * speeds.tokensPerChar() + MARKUP_TOKENS;
            for (int turn = 0; turn < turns.size(); turn++) {
                double added = turns.get(turn).content().length() * speeds.tokensPerChar() + MARKUP_TOKENS
                        + (turn == 0 ? 0 : workload.maxTokens());
                prompt += added;
                boolean dropped = prompt > room;
                if (dropped) {
                    prompt = Math.min(prompt, room * run.engine().lowWater() + added);
                }
                boolean cheap = turn > 0 && (!dropped || run.engine().cacheReuse() > 0);
                evaluated += run.promptCache() && cheap ? added : prompt;
            }
        }
        return evaluated / speeds.promptTokensPerSecond()
                + (double) run.answers() * answer / speeds.decodeTokensPerSecond();
    }
}
