package ru.saigabot.bot.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schemas {@code /extract} offers without an admin registering any: {@code contact}, {@code event},
 * {@code invoice} and {@code order}, each in {@code extract/NAME.json} with a Russian description of every field.
 *
 * <p>They are written so that a model held to their grammar always finishes with valid, complete JSON however it
 * samples: every string has a {@code maxLength} and every array a {@code maxItems}, objects allow no other
 * properties, and every field is required, with {@code null} (or an empty list) for what the text does not say.
 * Number bounds are left out: llama.cpp (b4916) enforces them only for integers. Dates are a {@code pattern} that
 * knows each month's days rather than {@code "format": "date"}, whose llama.cpp rule lets a model write 2025-02-31.
 */
public final class SchemaPresets {
    private static final Map<String, String> TITLES = titles();
    private static final Map<String, CheckedSchema> SCHEMAS = load();

    private SchemaPresets() {}

    /** The presets' names, in the order {@code /extract} lists them. */
    public static List<String> names() {
        return List.copyOf(TITLES.keySet());
    }

    public static Optional<CheckedSchema> get(String name) {
        return Optional.ofNullable(SCHEMAS.get(name));
    }

    /** What the preset is in Russian, lower case: "контакт" for {@code contact}. */
    public static String russianTitle(String name) {
        String title = TITLES.get(name);
        if (title == null) {
            throw new IllegalArgumentException("no extraction preset is called '" + name + "'; there are " + names());
        }
        return title;
    }

    private static Map<String, String> titles() {
        Map<String, String> titles = new LinkedHashMap<>();
        titles.put("contact", "контакт");
        titles.put("event", "событие");
        titles.put("invoice", "счёт");
        titles.put("order", "заказ");
        return titles;
    }

    private static Map<String, CheckedSchema> load() {
        Map<String, CheckedSchema> schemas = new LinkedHashMap<>();
        for (String name : TITLES.keySet()) {
            String resource = "/extract/" + name + ".json";
            try (InputStream in = SchemaPresets.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the preset schema " + resource + " is missing from the jar");
                }
                schemas.put(name, SchemaCheck.check(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the preset schema " + resource, e);
            } catch (SchemaRefused e) {
                throw new IllegalStateException("the preset schema " + resource + " is refused: " + e.getMessage(), e);
            }
        }
        return Map.copyOf(schemas);
    }
}
