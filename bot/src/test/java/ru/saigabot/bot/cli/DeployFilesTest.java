package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * No Docker engine or systemd runs here, so the deploy files are checked as text against the
 * command line itself: they parse, they hold what production needs, every variable they use is a
 * real setting of saiga-bot, every setting of {@code run} is listed with its default, and the image
 * runs the command the README documents.
 */
class DeployFilesTest {
    private static final Path ROOT = repositoryRoot();
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final Pattern INTERPOLATED = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern ENV_LINE = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]*)=(.*)$", Pattern.MULTILINE);
    /** Variables that are not options of a command, each checked below to be used where it is claimed. */
    private static final Set<String> NOT_OPTIONS = Set.of("POSTGRES_PASSWORD", "POSTGRES_WORKER_PASSWORD",
            "SAIGA_LOG_LEVEL");
    /** The workers' database role in the compose file. */
    private static final String WORKER_ROLE = "saiga_worker";

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("deploy/docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/docker-compose.yml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** The environment variable of every option of every saiga-bot command, with its built-in default. */
    private static Map<String, String> settings(CommandLine command) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (OptionSpec option : command.getCommandSpec().options()) {
            LayeredDefaults.EnvDefault.of(option).ifPresent(env -> settings.put(env.variable(), env.fallback()));
        }
        command.getSubcommands().values().forEach(sub -> settings.putAll(settings(sub)));
        return settings;
    }

    private static Map<String, String> runSettings() {
        CommandLine run = Main.newCommandLine().getSubcommands().get("run");
        Map<String, String> settings = new LinkedHashMap<>();
        for (OptionSpec option : run.getCommandSpec().options()) {
            if (!option.hidden() && !option.usageHelp() && !option.versionHelp()) {
                settings.put(LayeredDefaults.EnvDefault.of(option).orElseThrow().variable(),
                        LayeredDefaults.EnvDefault.of(option).orElseThrow().fallback());
            }
        }
        return settings;
    }

    private static JsonNode compose() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(DEPLOY.resolve("docker-compose.yml").toFile());
    }

    @Test
    void composeRunsTheBotAfterAHealthyPostgresWithItsDataInVolumes() throws IOException {
        JsonNode services = compose().path("services");
        assertThat(services.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("postgres", "bot", "worker-role", "worker");

        JsonNode postgres = services.path("postgres");
        assertThat(postgres.path("healthcheck").path("test").toString()).contains("pg_isready");
        assertThat(postgres.path("volumes").get(0).asText()).endsWith(":/var/lib/postgresql/data");

        JsonNode bot = services.path("bot");
        assertThat(bot.path("depends_on").path("postgres").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(bot.path("env_file").asText()).isEqualTo(".env");
        assertThat(bot.path("environment").path("DATABASE_URL").asText())
                .startsWith("jdbc:postgresql://postgres:5432/" + postgres.path("environment").path("POSTGRES_DB").asText());
        Path context = DEPLOY.resolve(bot.path("build").path("context").asText()).normalize();
        assertThat(context).isEqualTo(ROOT);
        assertThat(context.resolve(bot.path("build").path("dockerfile").asText())).isRegularFile();
        List<String> mounts = new ArrayList<>();
        bot.path("volumes").forEach(v -> mounts.add(v.asText().substring(v.asText().indexOf(':') + 1)));
        assertThat(mounts).containsExactlyInAnyOrderElementsOf(dockerfileVolumes());
        // A published port reaches the container's interface, not its loopback (the bot's default address).
        assertThat(bot.path("environment").path("SAIGA_HTTP_HOST").asText()).isEqualTo("0.0.0.0");
        assertThat(bot.path("ports").get(0).asText()).startsWith("127.0.0.1:");
    }

    @Test
    void composeRunsWorkersOnTheSameDatabaseAndModelsOnlyWhenAsked() throws IOException {
        JsonNode services = compose().path("services");
        JsonNode worker = services.path("worker");
        assertThat(worker.path("profiles").toString()).as("not started by a plain 'up'").contains("workers");
        assertThat(worker.path("command").get(0).asText()).isEqualTo("worker");
        assertThat(Main.newCommandLine().getSubcommands()).containsKey("worker");
        assertThat(worker.path("image").asText()).isEqualTo(services.path("bot").path("image").asText());
        String botUrl = services.path("bot").path("environment").path("DATABASE_URL").asText();
        assertThat(worker.path("environment").path("DATABASE_URL").asText()).as("the same database, as the workers' role")
                .isEqualTo(botUrl.substring(0, botUrl.indexOf('?')) + "?user=" + WORKER_ROLE
                        + "&password=${POSTGRES_WORKER_PASSWORD:-}");
        assertThat(worker.path("env_file").asText()).isEqualTo(".env");
        assertThat(worker.path("depends_on").path("postgres").path("condition").asText()).isEqualTo("service_healthy");
        assertThat(worker.path("depends_on").path("worker-role").path("condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(worker.path("volumes").get(0).asText()).isEqualTo("models:/models");
    }

    @Test
    void composeMakesTheWorkersRoleWithTheShippedScriptBeforeTheyStart() throws IOException {
        JsonNode services = compose().path("services");
        JsonNode role = services.path("worker-role");
        assertThat(role.path("profiles").toString()).contains("workers");
        assertThat(role.path("image").asText()).as("its psql").isEqualTo(services.path("postgres").path("image").asText());
        assertThat(role.path("volumes").get(0).asText()).isEqualTo("./worker-role.sql:/worker-role.sql:ro");
        assertThat(DEPLOY.resolve("worker-role.sql")).isRegularFile();
        JsonNode environment = role.path("environment");
        assertThat(environment.path("PGHOST").asText()).isEqualTo("postgres");
        assertThat(environment.path("PGDATABASE").asText())
                .isEqualTo(services.path("postgres").path("environment").path("POSTGRES_DB").asText());
        assertThat(environment.path("PGUSER").asText())
                .isEqualTo(services.path("postgres").path("environment").path("POSTGRES_USER").asText());
        assertThat(environment.path("PGPASSWORD").asText()).isEqualTo("${POSTGRES_PASSWORD}");
        assertThat(environment.path("WORKER_PASSWORD").asText()).isEqualTo("${POSTGRES_WORKER_PASSWORD:-}");
        String command = role.path("command").get(0).asText();
        assertThat(command).contains("-v role=" + WORKER_ROLE).contains("-v \"password=$$WORKER_PASSWORD\"")
                .contains("-f /worker-role.sql").contains("ON_ERROR_STOP=1").contains("--single-transaction");
    }

    @Test
    void theWorkerRoleScriptIsDocumentedAndUsesOnlyPsqlVariables() throws IOException {
        String script = read(DEPLOY.resolve("worker-role.sql"));
        // WorkerRoleIT runs it without psql, which the embedded PostgreSQL does not ship: variables are all it may use.
        assertThat(script).doesNotContainPattern("(?m)^\\s*\\\\");
        assertThat(matches(Pattern.compile(":[\"']([a-z_]+)[\"']"), script)).containsExactly("password", "role");
        String readme = read(DEPLOY.resolve("README.md"));
        assertThat(readme).contains("worker-role.sql").contains("POSTGRES_WORKER_PASSWORD");
    }

    @Test
    void everyVariableTheDeployFilesUseIsARealSetting() throws IOException {
        Set<String> real = new TreeSet<>(settings(Main.newCommandLine()).keySet());
        real.addAll(NOT_OPTIONS);
        Map<String, Set<String>> used = new LinkedHashMap<>();
        used.put("docker-compose.yml", matches(INTERPOLATED, read(DEPLOY.resolve("docker-compose.yml"))));
        for (String service : List.of("bot", "worker")) {
            used.get("docker-compose.yml").addAll(compose().path("services").path(service).path("environment")
                    .properties().stream().map(Map.Entry::getKey).toList());
        }
        used.put(".env.example", matches(ENV_LINE, read(DEPLOY.resolve(".env.example"))));
        SystemdUnit unit = unit();
        Set<String> unitVariables = matches(INTERPOLATED, String.join("\n", unit.values("Service", "ExecStart")));
        unit.values("Service", "Environment").forEach(e -> unitVariables.add(e.substring(0, e.indexOf('='))));
        used.put("saiga-bot.service", unitVariables);
        used.forEach((file, variables) -> assertThat(real).as("variables of deploy/" + file).containsAll(variables));

        // The ones that are no option are used where .env.example says they are.
        assertThat(compose().path("services").path("postgres").path("environment").path("POSTGRES_PASSWORD").asText())
                .contains("${POSTGRES_PASSWORD");
        assertThat(compose().path("services").path("worker").path("environment").path("DATABASE_URL").asText())
                .contains("${POSTGRES_WORKER_PASSWORD");
        assertThat(read(ROOT.resolve("bot/src/main/resources/logback.xml"))).contains("${SAIGA_LOG_LEVEL");
    }

    @Test
    void envExampleListsEverySettingOfRunWithItsDefault() throws IOException {
        String example = read(DEPLOY.resolve(".env.example"));
        Map<String, String> lines = new LinkedHashMap<>();
        Set<String> commented = new LinkedHashSet<>();
        for (String line : example.lines().toList()) {
            Matcher m = ENV_LINE.matcher(line);
            if (m.matches()) {
                lines.put(m.group(1), m.group(2));
                if (line.startsWith("#")) {
                    commented.add(m.group(1));
                }
            }
        }
        Map<String, String> run = runSettings();
        assertThat(lines.keySet()).containsAll(run.keySet());
        run.forEach((variable, fallback) -> {
            // A commented line shows the default; ~ stands for ${sys:user.home}.
            if (commented.contains(variable) && fallback != null) {
                assertThat(lines.get(variable)).as(variable)
                        .isEqualTo(fallback.replace("${sys:user.home}", "~"));
            }
        });
        assertThat(lines).containsKey("SAIGA_HTTP_PORT").containsKey("SAIGA_HTTP_HOST").containsKey("SAIGA_CONFIG");
    }

    private static void assertHardened(SystemdUnit unit) {
        assertThat(unit.value("Service", "User")).isNotBlank().isNotEqualTo("root");
        assertThat(unit.value("Service", "NoNewPrivileges")).isEqualTo("true");
        assertThat(unit.value("Service", "ProtectSystem")).isEqualTo("strict");
        assertThat(unit.value("Service", "PrivateTmp")).isEqualTo("true");
        assertThat(unit.value("Service", "ProtectHome")).isEqualTo("true");
        assertThat(unit.value("Service", "CapabilityBoundingSet")).isEmpty();
        assertThat(unit.values("Service", "MemoryDenyWriteExecute")).as("the JIT needs it off").isEmpty();
        assertThat(unit.value("Service", "RestartPreventExitStatus")).isEqualTo(String.valueOf(ExitCodes.USER_ERROR));
        assertThat(unit.values("Service", "SuccessExitStatus"))
                .as("a clean stop exits 0 (SignalStop); taking 143 for success would hide a stop that failed").isEmpty();
        assertThat(unit.value("Install", "WantedBy")).isEqualTo("multi-user.target");
    }

    @Test
    void theWorkerUnitIsHardenedAndRunsTheWorkerCommand() throws IOException {
        SystemdUnit worker = SystemdUnit.parse(read(DEPLOY.resolve("saiga-bot-worker.service")));
        assertHardened(worker);
        assertThat(worker.value("Service", "EnvironmentFile")).isEqualTo("/etc/saiga-bot/saiga-bot-worker.env");
        String execStart = worker.value("Service", "ExecStart");
        assertThat(execStart).isEqualTo(unit().value("Service", "ExecStart").replaceFirst(" run$", " worker"));
        assertThat(Main.newCommandLine().getSubcommands()).containsKey("worker");
        assertThat(worker.values("Service", "StateDirectory")).as("a worker writes nothing locally").isEmpty();
    }

    @Test
    void theUnitIsHardenedAndRunsTheBotWithItsSettings() throws IOException {
        SystemdUnit unit = unit();
        assertHardened(unit);
        assertThat(unit.value("Service", "EnvironmentFile")).isEqualTo("/etc/saiga-bot/saiga-bot.env");
        String dataDir = unit.values("Service", "Environment").stream().filter(e -> e.startsWith("SAIGA_DATA_DIR="))
                .findFirst().orElseThrow().substring("SAIGA_DATA_DIR=".length());
        assertThat(unit.value("Service", "ReadWritePaths").split("\\s+")).contains(dataDir);
        assertThat(dataDir).isEqualTo("/var/lib/" + unit.value("Service", "StateDirectory"));
        assertThat(unit.value("Install", "WantedBy")).isEqualTo("multi-user.target");
    }

    @Test
    void theImageRunsTheCommandTheReadmeDocuments() throws IOException {
        String dockerfile = read(DEPLOY.resolve("Dockerfile"));
        List<String> command = new ArrayList<>(execForm(dockerfile, "ENTRYPOINT"));
        command.addAll(execForm(dockerfile, "CMD"));
        String imageCommand = String.join(" ", command);
        assertThat(imageCommand).isEqualTo("java -jar /opt/saiga-bot/saiga-bot.jar run");
        assertThat(Main.newCommandLine().getSubcommands()).containsKey(command.get(command.size() - 1));

        assertThat(read(DEPLOY.resolve("README.md"))).contains(imageCommand);
        assertThat(unit().value("Service", "ExecStart")).isEqualTo("/usr/bin/" + imageCommand);
        assertThat(dockerfile).contains("COPY --from=build /src/bot/target/saiga-bot.jar /opt/saiga-bot/saiga-bot.jar")
                .containsPattern("(?m)^USER (?!root)\\w+")
                .containsPattern("(?m)^HEALTHCHECK .*\\n?.*/healthz");
        assertThat(dockerfileVolumes()).contains("/var/lib/saiga-bot", "/models");
    }

    private static List<String> execForm(String dockerfile, String instruction) throws IOException {
        Matcher m = Pattern.compile("(?m)^" + instruction + " (\\[.*])$").matcher(dockerfile);
        assertThat(m.find()).as(instruction + " in exec form").isTrue();
        List<String> words = new ArrayList<>();
        new ObjectMapper().readTree(m.group(1)).forEach(word -> words.add(word.asText()));
        return words;
    }

    private static List<String> dockerfileVolumes() throws IOException {
        return execForm(read(DEPLOY.resolve("Dockerfile")), "VOLUME");
    }

    private static SystemdUnit unit() throws IOException {
        return SystemdUnit.parse(read(DEPLOY.resolve("saiga-bot.service")));
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
