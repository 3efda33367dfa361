package ru.saigabot.bot.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * A {@code --config} file: flat {@code key: value} settings whose keys are the long option names
 * without dashes ({@code db-url}, {@code max-tokens}). YAML ({@code .yaml}, {@code .yml}) or Java
 * properties ({@code .properties}), chosen by the file's extension. A YAML list becomes the
 * comma-separated value the option takes ({@code admins: [1, 2]}); a key without a value is left out,
 * so the setting keeps its default.
 *
 * @param path   where it was read from, for error messages
 * @param values key to value, in the file's order
 */
public record ConfigFile(Path path, Map<String, String> values) {

    public ConfigFile {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Reads and parses the file; any problem is a {@link ConfigException} naming the file. */
    public static ConfigFile read(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return new ConfigFile(path, yaml(path));
            }
            if (name.endsWith(".properties")) {
                return new ConfigFile(path, properties(path));
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + path + " does not exist; fix --config / SAIGA_CONFIG", e);
        } catch (JacksonException e) {
            throw new ConfigException("config file " + path + " is not valid YAML: "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + locationOf(e), e);
        } catch (IOException e) {
            throw new ConfigException("config file " + path + " cannot be read: " + e.getMessage(), e);
        }
        throw new ConfigException("config file " + path + " must end in .yaml, .yml or .properties, "
                + "so its format is known");
    }

    /** Keys only: the values may hold the token or a database password. */
    @Override
    public String toString() {
        return "ConfigFile[path=" + path + ", keys=" + values.keySet() + "]";
    }

    /** Refuses a key that is no setting: a typo would otherwise be ignored silently. */
    public void requireKnownKeys(Collection<String> known) {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new ConfigException("unknown key '" + key + "' in config file " + path + "; known keys: "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static Map<String, String> yaml(Path path) throws IOException {
        JsonNode root;
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            // A key given twice is a mistake to report, not a silent "the last one wins".
            root = new ObjectMapper(new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION))
                    .readTree(reader);
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values; // an empty file sets nothing
        }
        if (!root.isObject()) {
            throw new ConfigException("config file " + path + " must be a mapping of settings (key: value), "
                    + "not a " + root.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String value = scalar(path, field.getKey(), field.getValue());
            if (value != null) {
                values.put(field.getKey(), value);
            }
        }
        return values;
    }

    private static String scalar(Path path, String key, JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isValueNode() || item.isNull()) {
                    throw new ConfigException("config file " + path + ": '" + key + "' must be a list of plain values");
                }
                items.add(item.asText());
            }
            return String.join(",", items);
        }
        throw new ConfigException("config file " + path + ": '" + key + "' must be a plain value or a list, "
                + "not a nested mapping (keys are the long option names, e.g. 'max-tokens: 512')");
    }

    private static Map<String, String> properties(Path path) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            values.put(key, properties.getProperty(key).strip());
        }
        return values;
    }

    private static String locationOf(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }
}
