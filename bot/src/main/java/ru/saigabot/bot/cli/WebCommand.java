package ru.saigabot.bot.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.bot.web.session.SessionStore;

/** {@code saiga-bot web}: who may use the web chat and the dashboard. */
@Command(name = "web", mixinStandardHelpOptions = true,
        description = {"Invite people to the web chat ('run --web-port PORT') and operators to its dashboard.",
                "Works on the same database as 'run' (stop the bot first when it uses the embedded one)."},
        subcommands = {WebCommand.Invite.class})
final class WebCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: try 'saiga-bot web invite'");
    }

    @Command(name = "invite", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Print a one-time link that signs a browser in to the web chat.")
    static final class Invite implements Callable<Integer> {
        private static final Pattern DURATION = Pattern.compile("(\\d{1,4})([mhd])");
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

        @Option(names = "--admin", description = "The browser may also open the dashboard (/admin).")
        boolean admin;

        @Option(names = "--expires", defaultValue = "7d", paramLabel = "TIME",
                description = "How long the link stays good if nobody opens it: minutes, hours or days, e.g. 30m, "
                        + "12h, 7d (default: ${DEFAULT-VALUE}).")
        String expires;

        @Option(names = "--url", defaultValue = "${env:SAIGA_WEB_URL:-http://127.0.0.1:8090}", paramLabel = "URL",
                description = "Where people reach the web chat: the address of 'run --web-port', or of the HTTPS "
                        + "proxy in front of it [env SAIGA_WEB_URL] (default: ${DEFAULT-VALUE}).")
        String url;

        @Mixin
        DatabaseOptions databaseOptions;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Duration validFor = duration(expires);
            String base = base(url);
            SessionStore.Invite invite;
            try (DatabaseOptions.Opened opened = databaseOptions.open()) {
                invite = new SessionStore(opened.database()).invite(admin, validFor);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(base + "/invite/" + invite.token());
            out.printf("One browser can sign in with this link, until %s%s. It is shown once: only its hash is "
                    + "stored.%n", TIME.format(invite.expiresAt()), admin ? "; it opens the dashboard (/admin) too"
                    : "");
            out.flush();
            return ExitCodes.OK;
        }

        static Duration duration(String value) {
            Matcher matcher = DURATION.matcher(value == null ? "" : value.strip());
            if (!matcher.matches() || Integer.parseInt(matcher.group(1)) == 0) {
                throw new ConfigException("--expires '" + value + "' is not a time; write a number and m, h or d, "
                        + "e.g. 30m, 12h or 7d");
            }
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }

        static String base(String value) {
            String trimmed = value == null ? "" : value.strip();
            while (trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            URI uri;
            try {
                uri = URI.create(trimmed);
            } catch (IllegalArgumentException e) {
                throw notAnAddress(value, e);
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw notAnAddress(value, null);
            }
            return trimmed;
        }

        private static ConfigException notAnAddress(String value, Exception cause) {
            return new ConfigException("--url '" + value + "' is not an http(s) address; give where people open the "
                    + "web chat, e.g. http://127.0.0.1:8090 or https://chat.example.org", cause);
        }
    }
}
