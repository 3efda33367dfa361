package ru.saigabot.bot.arena;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import ru.saigabot.inference.catalog.ModelCatalog;

/**
 * Reads a variant written {@code MODEL[+ADAPTER][@key=value,...]}, the one syntax used wherever a variant is
 * named (`arena tasks generate --a/--b`, `run --arena-a/--arena-b`). A path may itself contain '+' or '@', so the
 * parameters are what follows the last '@' only when that part has '=' in it, and the adapter is what follows
 * the last '+' only when it is a valid adapter name and what precedes it is a valid model.
 */
public final class VariantParser {
    /** The names `adapters add` accepts (the lora_adapter table's check). */
    private static final Pattern ADAPTER = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");

    private final ModelCatalog catalog;

    public VariantParser(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** The variant {@code text} names; an {@link IllegalArgumentException} says what is wrong and how to write it. */
    public Variant parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text, "it is empty");
        }
        String rest = text.strip();
        Variant.Overrides params = Variant.Overrides.NONE;
        int at = rest.lastIndexOf('@');
        if (at >= 0 && rest.indexOf('=', at) > at) {
            params = parameters(text, rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String model = rest;
        String adapter = null;
        int plus = rest.lastIndexOf('+');
        if (plus > 0 && ADAPTER.matcher(rest.substring(plus + 1)).matches() && isModel(rest.substring(0, plus))) {
            model = rest.substring(0, plus);
            adapter = rest.substring(plus + 1);
        }
        if (!isModel(model)) {
            throw invalid(text, "'" + model + "' is neither a catalog model (" + String.join(", ", catalog.names())
                    + ") nor a path to a .gguf file"
                    + (plus > 0 ? "; an adapter after '+' is a registered name of a-z, 0-9, '.', '_', '-'" : ""));
        }
        return new Variant(model, adapter, params);
    }

    private boolean isModel(String model) {
        return catalog.find(model).isPresent() || model.toLowerCase(Locale.ROOT).endsWith(".gguf");
    }

    private static Variant.Overrides parameters(String text, String list) {
        Map<String, String> values = new HashMap<>();
        for (String item : list.split(",", -1)) {
            int eq = item.indexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw invalid(text, "'" + item + "' is not key=value");
            }
            String key = item.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (!Variant.Overrides.KEYS.contains(key)) {
                throw invalid(text, "unknown parameter '" + key + "'; known: " + String.join(", ",
                        Variant.Overrides.KEYS));
            }
            if (values.put(key, item.substring(eq + 1).strip()) != null) {
                throw invalid(text, "parameter '" + key + "' is given twice");
            }
        }
        try {
            return new Variant.Overrides(decimal(values, "temperature"), decimal(values, "top_p"),
                    integer(values, "top_k"), decimal(values, "min_p"), decimal(values, "repeat_penalty"),
                    integer(values, "max_tokens"), values.containsKey("seed") ? whole(values, "seed") : null);
        } catch (IllegalArgumentException e) {
            throw invalid(text, e.getMessage());
        }
    }

    private static Double decimal(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        try {
            double number = Double.parseDouble(value);
            if (!Double.isFinite(number)) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + value + "' is not a number", e);
        }
    }

    private static Integer integer(Map<String, String> values, String key) {
        return values.containsKey(key) ? (int) whole(values, key) : null;
    }

    private static long whole(Map<String, String> values, String key) {
        String value = values.get(key);
        try {
            long number = Long.parseLong(value);
            if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(key + " = " + value + " is out of range");
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + value + "' is not a whole number", e);
        }
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("variant '" + text + "' is invalid: " + why
                + "; write MODEL[+ADAPTER][@key=value,...], e.g. saiga_llama3_8b+style@temperature=0.2");
    }
}
