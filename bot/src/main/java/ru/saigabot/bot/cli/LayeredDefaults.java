package ru.saigabot.bot.cli;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.config.ConfigFile;

/**
 * The settings of {@code run} in one order: a flag beats its environment variable, which beats the
 * {@code --config} file, which beats the built-in default.
 *
 * <p>Picocli asks this provider only for options not given as flags. Each option names its variable
 * and its built-in default in its annotation ({@code ${env:SAIGA_SLOTS:-2}}); picocli alone would
 * resolve that to the default when the variable is unset, leaving no room for the file between the
 * two. So this provider resolves the variable itself (from the map it was given, so tests need not
 * change the process environment), then the file's key (the long name without dashes), and only then
 * hands back the annotation's fallback, for picocli to interpolate as before.
 *
 * <p>An empty variable counts as unset: env files (Docker's, systemd's) write {@code NAME=} for "not
 * set", and it must not hide the file's value or break a number.
 *
 * <p>A file that cannot be read is not thrown from here: picocli would wrap it in a usage error. It is
 * kept for {@link #verify}, which the command calls first, so it ends as one line and exit code 2.
 */
final class LayeredDefaults implements IDefaultValueProvider {
    static final String CONFIG_OPTION = "--config";
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)(?::-(.*))?}", Pattern.DOTALL);

    private final Map<String, String> env;
    private ConfigFile file;
    private Path loadedFrom;
    private ConfigException problem;

    /** For picocli's {@code defaultValueProvider} attribute: the process environment. */
    LayeredDefaults() {
        this(System.getenv());
    }

    LayeredDefaults(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** An option's environment variable and built-in default, as its annotation names them. */
    record EnvDefault(String variable, String fallback) {

        static Optional<EnvDefault> of(OptionSpec option) {
            if (!(option.userObject() instanceof Field field) || field.getAnnotation(Option.class) == null) {
                return Optional.empty();
            }
            return parse(field.getAnnotation(Option.class).defaultValue());
        }

        /** {@code ${env:NAME}} or {@code ${env:NAME:-fallback}}; the fallback may hold other lookups. */
        static Optional<EnvDefault> parse(String annotationDefault) {
            Matcher matcher = ENV_DEFAULT.matcher(annotationDefault);
            return matcher.matches() ? Optional.of(new EnvDefault(matcher.group(1), matcher.group(2)))
                    : Optional.empty();
        }
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        Optional<EnvDefault> declared = EnvDefault.of(option);
        if (declared.isPresent()) {
            String fromEnv = env.get(declared.get().variable());
            if (fromEnv != null && !fromEnv.isEmpty()) {
                return literal(fromEnv);
            }
        }
        if (!option.longestName().equals(CONFIG_OPTION)) {
            Optional<ConfigFile> loaded = file(option.command());
            String fromFile = loaded.map(f -> f.values().get(key(option))).orElse(null);
            if (fromFile != null && isWholeNumber(option) && !fromFile.strip().matches("-?\\d+")) {
                // Picocli would report this as a usage error without saying the value came from the file.
                problem = new ConfigException("config file " + loaded.get().path() + ": '" + key(option)
                        + "' must be a whole number; got '" + fromFile + "'");
            } else if (fromFile != null) {
                return literal(fromFile.strip());
            }
        }
        if (declared.isPresent()) {
            // The annotation's own fallback ("2", "${sys:user.home}/…"), or none: the field stays unset.
            return declared.get().fallback() == null ? Option.NULL_VALUE : declared.get().fallback();
        }
        return null; // an option without a variable (hidden tuning): its annotation default as is
    }

    private static boolean isWholeNumber(OptionSpec option) {
        Class<?> type = option.type();
        return type == int.class || type == long.class || type == Integer.class || type == Long.class;
    }

    /** The config file's key of an option: its long name without the dashes. */
    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    /** Every key a config file of {@code command} may hold. */
    static Set<String> knownKeys(CommandSpec command) {
        Set<String> keys = new LinkedHashSet<>();
        for (OptionSpec option : command.options()) {
            if (!option.usageHelp() && !option.versionHelp() && !option.longestName().equals(CONFIG_OPTION)) {
                keys.add(key(option));
            }
        }
        return keys;
    }

    /** Fails with the file's problem, or an unknown key in it; nothing when there is no file. */
    void verify(CommandSpec command) {
        Optional<ConfigFile> loaded = file(command);
        if (problem != null) {
            throw problem;
        }
        loaded.ifPresent(f -> f.requireKnownKeys(knownKeys(command)));
    }

    /** The file named by --config (already parsed when defaults are asked for) or SAIGA_CONFIG, read once. */
    private Optional<ConfigFile> file(CommandSpec command) {
        OptionSpec config = command.findOption(CONFIG_OPTION);
        if (config == null) {
            return Optional.empty();
        }
        Path path = config.getValue();
        if (path == null) {
            String variable = EnvDefault.of(config).map(EnvDefault::variable).orElse(null);
            String fromEnv = variable == null ? null : env.get(variable);
            path = fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
        }
        if (path == null) {
            return Optional.empty();
        }
        if (!path.equals(loadedFrom)) {
            loadedFrom = path;
            file = null;
            problem = null;
            try {
                file = ConfigFile.read(path);
            } catch (ConfigException e) {
                problem = e;
            }
        }
        return Optional.ofNullable(file);
    }

    /** Picocli interpolates what a provider returns; a '$' in a password must stay a '$'. */
    private static String literal(String value) {
        return value.replace("$", "$$");
    }
}
