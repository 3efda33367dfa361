package ru.saigabot.inference;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The values one setting may take, named once. Every check of that setting (the engine's, a request's, the
 * command line's) uses the same constant, so a range lives in one place; a refusal is an
 * {@link InvalidSettingException} that names the setting, the value and what is allowed.
 *
 * <p>A setting has two names: {@link #name()}, as a request or an engine calls it ({@code max_tokens},
 * {@code slots}), and {@link #option()}, the command-line flag that sets it ({@code --max-tokens}). A check by
 * the command line names the flag ({@link #checkOption}), so the operator reads what to fix.
 *
 * <p>A range is whole numbers or decimals, either end may be open, and one value outside it may be allowed
 * with a meaning of its own (a seed of -1 draws a new one).
 */
public final class SettingRange {

    /** Answers generated at once by one engine. */
    public static final SettingRange SLOTS = whole("slots", "--slots", 1, 64);
    /** CPU threads of llama.cpp. */
    public static final SettingRange THREADS = whole("threads", "--threads", 1, 512);
    /** The context of one conversation, in tokens. */
    public static final SettingRange CTX_SIZE = whole("ctx-size", "--ctx-size", 256, 1_048_576);
    /** The longest answer, in tokens. */
    public static final SettingRange MAX_TOKENS = whole("max_tokens", "--max-tokens", 1, 32_768);
    /** Sampling seed: a fixed one makes answers repeatable. */
    public static final SettingRange SEED = whole("seed", "--seed", 0, Integer.MAX_VALUE).or(-1, "random");
    /** Sample among this many most likely tokens. */
    public static final SettingRange TOP_K = whole("top_k", "--top-k", 1, 1000).or(0, "off");
    public static final SettingRange TEMPERATURE = decimal("temperature", "--temperature", 0, 2);
    /** Nucleus sampling: 0 would leave no token to choose. */
    public static final SettingRange TOP_P = decimal("top_p", "--top-p", 0, 1).openBelow();
    /** 1 would leave only the likeliest token, whatever its probability. */
    public static final SettingRange MIN_P = decimal("min_p", "--min-p", 0, 1).openAbove();
    public static final SettingRange REPEAT_PENALTY = decimal("repeat_penalty", "--repeat-penalty", 1, 2);
    /** The remote servers' context per request, in tokens (see {@code RemoteEngineConfig#contextSize}). */
    public static final SettingRange BACKEND_CTX_SIZE = whole("backend context size", "--backend-ctx-size", 256,
            1 << 21).or(0, "send every turn");

    private final String name;
    private final String option;
    private final boolean whole;
    private final double min;
    private final boolean minOpen;
    private final double max;
    private final boolean maxOpen;
    private final Long special;
    private final String specialMeaning;

    private SettingRange(String name, String option, boolean whole, double min, boolean minOpen, double max,
                         boolean maxOpen, Long special, String specialMeaning) {
        this.name = Objects.requireNonNull(name, "name");
        this.option = Objects.requireNonNull(option, "option");
        if (!(min <= max)) {
            throw new IllegalArgumentException("the range of " + name + " is empty: " + min + ".." + max);
        }
        this.whole = whole;
        this.min = min;
        this.minOpen = minOpen;
        this.max = max;
        this.maxOpen = maxOpen;
        this.special = special;
        this.specialMeaning = specialMeaning;
    }

    /** Whole numbers from {@code min} to {@code max}, both allowed. */
    public static SettingRange whole(String name, String option, long min, long max) {
        return new SettingRange(name, option, true, min, false, max, false, null, null);
    }

    /** Decimals from {@code min} to {@code max}, both allowed unless {@link #openBelow}/{@link #openAbove}. */
    public static SettingRange decimal(String name, String option, double min, double max) {
        return new SettingRange(name, option, false, min, false, max, false, null, null);
    }

    /** The same range without its lower end. */
    public SettingRange openBelow() {
        return new SettingRange(name, option, whole, min, true, max, maxOpen, special, specialMeaning);
    }

    /** The same range without its upper end. */
    public SettingRange openAbove() {
        return new SettingRange(name, option, whole, min, minOpen, max, true, special, specialMeaning);
    }

    /** The range, and besides it {@code value}, which means {@code meaning} (e.g. -1, "random"). */
    public SettingRange or(long value, String meaning) {
        return new SettingRange(name, option, whole, min, minOpen, max, maxOpen, value,
                Objects.requireNonNull(meaning, "meaning"));
    }

    /** As a request or an engine names the setting, e.g. {@code max_tokens}. */
    public String name() {
        return name;
    }

    /** The command-line flag that sets it, e.g. {@code --max-tokens}. */
    public String option() {
        return option;
    }

    public boolean allows(long value) {
        // Every long converts to a double in order, and the ends are far inside the exact range of a double.
        return (special != null && value == special) || within(value);
    }

    public boolean allows(double value) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (special != null && value == special) {
            return true;
        }
        return within(value) && (!whole || value == Math.rint(value));
    }

    private boolean within(double value) {
        return (minOpen ? value > min : value >= min) && (maxOpen ? value < max : value <= max);
    }

    /** What may be given, as the refusal says it: {@code 1..64}, {@code (0..1]}, {@code -1 (random) or 0..2147483647}. */
    public String allowed() {
        String range = minOpen || maxOpen
                ? (minOpen ? "(" : "[") + number(min) + ".." + number(max) + (maxOpen ? ")" : "]")
                : number(min) + ".." + number(max);
        return special == null ? range : special + " (" + specialMeaning + ") or " + range;
    }

    /** @throws InvalidSettingException naming the setting by {@link #name()} */
    public void check(long value) {
        check(name, value);
    }

    /** @throws InvalidSettingException naming the setting by {@link #name()} */
    public void check(double value) {
        check(name, value);
    }

    /** @throws InvalidSettingException naming the setting by its flag, {@link #option()} */
    public void checkOption(long value) {
        check(option, value);
    }

    /** @throws InvalidSettingException naming the setting by its flag, {@link #option()} */
    public void checkOption(double value) {
        check(option, value);
    }

    /** @throws InvalidSettingException naming the setting as {@code label} (another flag that sets it) */
    public void check(String label, long value) {
        if (!allows(value)) {
            throw new InvalidSettingException(this, label, Long.toString(value));
        }
    }

    /** @throws InvalidSettingException naming the setting as {@code label} (another flag that sets it) */
    public void check(String label, double value) {
        if (!allows(value)) {
            throw new InvalidSettingException(this, label, Double.toString(value));
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return name + " " + allowed();
    }
}
