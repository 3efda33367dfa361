package ru.saigabot.bot.health;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import ru.saigabot.bot.config.ConfigException;

/**
 * The health and metrics endpoints of {@code run}.
 *
 * @param httpPort          where {@code /healthz}, {@code /readyz} and {@code /metrics} are served; empty = not
 *                          served, 0 = any free port (tests ask the application which)
 * @param httpHost          the address they listen on: loopback unless the operator opens them wider
 * @param pollingStaleAfter {@code /readyz} turns red when no getUpdates has been answered for this long
 */
public record HealthOptions(OptionalInt httpPort, InetAddress httpHost, Duration pollingStaleAfter) {

    /** The default of {@code --http-host}: the endpoints are not authenticated. */
    public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
    private static final Pattern DOTTED_NUMBERS = Pattern.compile("[0-9.]+");
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile("(" + OCTET + "\\.){3}" + OCTET);
    /** RFC 1123 host names: labels of letters, digits and inner hyphens. */
    private static final Pattern HOST_NAME =
            Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?");

    public HealthOptions {
        Objects.requireNonNull(httpPort, "httpPort");
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(pollingStaleAfter, "pollingStaleAfter");
        if (httpPort.isPresent() && (httpPort.getAsInt() < 0 || httpPort.getAsInt() > 65_535)) {
            throw new ConfigException("--http-port = " + httpPort.getAsInt() + " is out of range; allowed 0 (off)..65535");
        }
        if (pollingStaleAfter.isNegative() || pollingStaleAfter.isZero()) {
            throw new ConfigException("the polling staleness limit must be positive; got " + pollingStaleAfter);
        }
    }

    /** On the loopback address. */
    public HealthOptions(OptionalInt httpPort, Duration pollingStaleAfter) {
        this(httpPort, InetAddress.getLoopbackAddress(), pollingStaleAfter);
    }

    /** Nothing served. */
    public static HealthOptions off(int pollTimeoutSeconds) {
        return new HealthOptions(OptionalInt.empty(), staleAfter(pollTimeoutSeconds));
    }

    /** {@code --http-port} on the loopback address: 0 keeps the endpoints off; the constructor checks the range. */
    public static HealthOptions onPort(int port, int pollTimeoutSeconds) {
        return on(DEFAULT_HTTP_HOST, port, pollTimeoutSeconds);
    }

    /**
     * {@code --http-host} and {@code --http-port}: 0 keeps the endpoints off, and the host is then not looked at (a
     * setting that serves nothing must not stop the start).
     */
    public static HealthOptions on(String host, int port, int pollTimeoutSeconds) {
        return new HealthOptions(port == 0 ? OptionalInt.empty() : OptionalInt.of(port),
                port == 0 ? InetAddress.getLoopbackAddress() : httpHost(host), staleAfter(pollTimeoutSeconds));
    }

    /**
     * The value of {@code --http-host} as an address: an IP address, or a name this machine resolves.
     *
     * @throws ConfigException for an empty value or a name that does not resolve
     */
    public static InetAddress httpHost(String value) {
        return address("--http-host", "SAIGA_HTTP_HOST", "/healthz, /readyz and /metrics", value);
    }

    /**
     * The value of a listening-address flag: an IP address, or a name this machine resolves.
     *
     * @param served what listens there, for the refusal
     * @throws ConfigException for an empty value or a name that does not resolve
     */
    public static InetAddress address(String flag, String env, String served, String value) {
        String host = value == null ? "" : value.strip();
        if (host.isEmpty()) {
            throw new ConfigException(flag + " is empty; give the address to serve " + served + " on: "
                    + DEFAULT_HTTP_HOST + " (this machine only) or 0.0.0.0 (every interface)");
        }
        // Only what can be an address reaches the resolver: a typo must not wait for DNS, nor be looked up there.
        boolean ipv6 = host.indexOf(':') >= 0 || host.startsWith("[");
        boolean ipv4 = DOTTED_NUMBERS.matcher(host).matches();
        if (!ipv6 && (ipv4 ? !IPV4.matcher(host).matches() : !HOST_NAME.matcher(host).matches())) {
            throw notAnAddress(flag, env, host, null);
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException | SecurityException e) {
            throw notAnAddress(flag, env, host, e);
        }
    }

    private static ConfigException notAnAddress(String flag, String env, String host, Exception cause) {
        return new ConfigException(flag + " '" + host + "' is not an address or a name this machine resolves; "
                + "give an IP address such as " + DEFAULT_HTTP_HOST + " or 0.0.0.0 (" + env + ")", cause);
    }

    /**
     * A healthy poller gets an answer at least every poll timeout. One that fails waits for the client's
     * own timeout (poll timeout + 15 s) and then backs off up to 30 s; only after a full such round
     * without an answer is Telegram taken to be failing, so one lost poll never flips readiness.
     */
    public static Duration staleAfter(int pollTimeoutSeconds) {
        return Duration.ofSeconds(pollTimeoutSeconds + 15L + 30L);
    }
}
