package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import ru.saigabot.bot.config.TelegramEndpoint;

/** Flag > environment > config file > default, for every option of {@code run}; unknown keys refused. */
class LayeredDefaultsTest {
    private static final String TOKEN_IN_FILE = "7000099:file-token-for-tests-only-xxxx";

    @TempDir
    Path dir;

    private static RunCommand parse(Map<String, String> env, String... args) {
        CommandLine commandLine = new CommandLine(new RunCommand());
        commandLine.setDefaultValueProvider(new LayeredDefaults(env));
        commandLine.parseArgs(args);
        return commandLine.getCommand();
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void withNothingSetTheBuiltInDefaultsApply() {
        RunCommand run = parse(Map.of());
        assertThat(run.slots).isEqualTo(2);
        assertThat(run.maxTokens).isEqualTo(512);
        assertThat(run.httpPort).isZero();
        assertThat(run.template).isEqualTo("auto");
        assertThat(run.token).isNull();
        assertThat(run.dbUrl).isNull();
        assertThat(run.dataDir).isEqualTo(Path.of(System.getProperty("user.home"), ".local/share/saiga-bot"));
        assertThat(TelegramEndpoint.parse(run.telegramApiUrl)).as("the real Bot API by default")
                .isEqualTo(TelegramEndpoint.TELEGRAM);
    }

    @Test
    void aYamlFileSetsWhatNeitherFlagNorEnvironmentDoes() throws IOException {
        Path config = file("bot.yaml", """
                token: "%s"
                max-tokens: 256
                slots: 3
                admins: [11, 22]
                http-port: 9091
                db-url: jdbc:postgresql://db:5432/saiga?user=saiga&password=pa$word
                data-dir:
                """.formatted(TOKEN_IN_FILE));
        RunCommand run = parse(Map.of(), "--config", config.toString());
        assertThat(run.token).isEqualTo(TOKEN_IN_FILE);
        assertThat(run.maxTokens).isEqualTo(256);
        assertThat(run.slots).isEqualTo(3);
        assertThat(run.admins).isEqualTo("11,22");
        assertThat(run.httpPort).isEqualTo(9091);
        assertThat(run.dbUrl).as("a '$' is not a picocli variable").endsWith("password=pa$word");
        assertThat(run.dataDir).as("a key without a value keeps the default")
                .isEqualTo(Path.of(System.getProperty("user.home"), ".local/share/saiga-bot"));
        assertThat(run.ctxSize).as("not in the file: the default").isEqualTo(4096);
    }

    @Test
    void theEnvironmentBeatsTheFileAndAFlagBeatsBoth() throws IOException {
        Path config = file("bot.yml", "slots: 3\nmax-tokens: 256\nseed: 7\n");
        Map<String, String> env = Map.of("SAIGA_SLOTS", "5", "SAIGA_MAX_TOKENS", "300");
        RunCommand run = parse(env, "--config", config.toString(), "--max-tokens", "400");
        assertThat(run.slots).as("environment over file").isEqualTo(5);
        assertThat(run.maxTokens).as("flag over environment").isEqualTo(400);
        assertThat(run.seed).as("file over default").isEqualTo(7);
    }

    @Test
    void anEmptyVariableCountsAsUnset() throws IOException {
        Path config = file("bot.yaml", "slots: 3\n");
        RunCommand run = parse(Map.of("SAIGA_SLOTS", "", "SAIGA_MAX_TOKENS", "", "SAIGA_CONFIG", config.toString()));
        assertThat(run.slots).isEqualTo(3);
        assertThat(run.maxTokens).isEqualTo(512);
    }

    @Test
    void saigaConfigNamesTheFileAndPropertiesFilesWork() throws IOException {
        Path config = file("bot.properties", "max-messages-per-hour = 10\nallow=-100123,42\n");
        RunCommand run = parse(Map.of("SAIGA_CONFIG", config.toString()));
        assertThat(run.config).isEqualTo(config);
        assertThat(run.maxMessagesPerHour).isEqualTo(10);
        assertThat(run.allow).isEqualTo("-100123,42");
    }

    @Test
    void theConfigFlagBeatsSaigaConfig() throws IOException {
        Path flagged = file("a.yaml", "slots: 4\n");
        Path fromEnv = file("b.yaml", "slots: 6\n");
        RunCommand run = parse(Map.of("SAIGA_CONFIG", fromEnv.toString()), "--config", flagged.toString());
        assertThat(run.slots).isEqualTo(4);
    }

    @Test
    void anUnknownKeyIsRefusedWithOneLineNamingKeyAndFile() throws IOException {
        Path config = file("bot.yaml", "max-token: 256\n");
        Result result = execute(Map.of(), "--config", config.toString());
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err.strip()).doesNotContain("\n")
                .startsWith("saiga-bot: unknown key 'max-token' in config file " + config)
                .contains("max-tokens");
    }

    @Test
    void aMissingOrMalformedFileIsRefusedTheSameWay() throws IOException {
        Path missing = dir.resolve("nope.yaml");
        Result absent = execute(Map.of("SAIGA_CONFIG", missing.toString()));
        assertThat(absent.code).isEqualTo(2);
        assertThat(absent.err).contains("config file " + missing + " does not exist");

        Path nested = file("nested.yaml", "telegram:\n  token: x\n");
        Result wrongShape = execute(Map.of(), "--config", nested.toString());
        assertThat(wrongShape.code).isEqualTo(2);
        assertThat(wrongShape.err).contains("'telegram' must be a plain value or a list");

        Path twice = file("twice.yaml", "slots: 2\nslots: 3\n");
        Result duplicate = execute(Map.of(), "--config", twice.toString());
        assertThat(duplicate.code).isEqualTo(2);
        assertThat(duplicate.err).contains("config file " + twice + " is not valid YAML: Duplicate field 'slots'");

        Path notANumber = file("words.yaml", "slots: two\n");
        Result wrongType = execute(Map.of(), "--config", notANumber.toString());
        assertThat(wrongType.code).isEqualTo(2);
        assertThat(wrongType.err.strip()).isEqualTo("saiga-bot: config file " + notANumber
                + ": 'slots' must be a whole number; got 'two'");

        Path toml = file("bot.toml", "slots = 2\n");
        assertThat(execute(Map.of(), "--config", toml.toString()).err).contains("must end in .yaml, .yml or .properties");
    }

    @Test
    void everyVisibleOptionHasAnEnvironmentVariableAndAConfigKey() {
        CommandLine commandLine = new CommandLine(new RunCommand());
        for (OptionSpec option : commandLine.getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp() || option.hidden()) {
                continue;
            }
            assertThat(LayeredDefaults.EnvDefault.of(option)).as(option.longestName()).isPresent();
        }
        assertThat(LayeredDefaults.knownKeys(commandLine.getCommandSpec()))
                .contains("token", "db-url", "max-tokens", "http-port").doesNotContain("config", "help");
    }

    @Test
    void parsesTheAnnotationsEnvironmentDefault() {
        assertThat(LayeredDefaults.EnvDefault.parse("${env:SAIGA_SLOTS:-2}"))
                .contains(new LayeredDefaults.EnvDefault("SAIGA_SLOTS", "2"));
        assertThat(LayeredDefaults.EnvDefault.parse("${env:SAIGA_DATA_DIR:-${sys:user.home}/x}"))
                .contains(new LayeredDefaults.EnvDefault("SAIGA_DATA_DIR", "${sys:user.home}/x"));
        assertThat(LayeredDefaults.EnvDefault.parse("${env:TELEGRAM_BOT_TOKEN}"))
                .contains(new LayeredDefaults.EnvDefault("TELEGRAM_BOT_TOKEN", null));
        assertThat(LayeredDefaults.EnvDefault.parse("50")).isEmpty();
    }

    private record Result(int code, String err) {}

    private static Result execute(Map<String, String> env, String... args) {
        CommandLine commandLine = new CommandLine(new RunCommand());
        commandLine.setDefaultValueProvider(new LayeredDefaults(env));
        commandLine.setExecutionExceptionHandler(new UserErrorHandler());
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Result(code, err.toString());
    }
}
