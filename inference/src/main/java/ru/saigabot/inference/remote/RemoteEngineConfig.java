package ru.saigabot.inference.remote;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import ru.saigabot.inference.SettingRange;

/**
 * How to reach OpenAI-compatible servers (llama.cpp's {@code llama-server}, vLLM, Ollama).
 *
 * @param backends          base URLs such as {@code http://gpu1:8080/v1}, tried in turn; requests go to
 *                          {@code {base}/chat/completions}
 * @param model             the {@code model} field of each request (vLLM and Ollama pick the model by it; llama-server
 *                          ignores it) and the name stored with each answer
 * @param apiKey            sent as {@code Authorization: Bearer …}; null or blank for none. Never printed.
 * @param connectTimeout    to open the TCP (and TLS) connection
 * @param firstTokenTimeout from sending the request to the first text: covers a busy server's queue and the prompt
 * @param idleTimeout       the longest silence between two chunks once text flows
 * @param coolDown          how long a backend that failed is tried only after the others
 * @param extendedSampling  also send {@code top_k}, {@code min_p}, {@code repeat_penalty} and
 *                          {@code repetition_penalty}, which llama-server and vLLM understand and Ollama ignores,
 *                          but OpenAI's own API refuses
 * @param contextSize       the servers' context per request in tokens: the oldest turns are left out so that the
 *                          conversation and the answer fit, by an estimate ({@link EstimatedTokens}) since the
 *                          servers' tokenizer is not here; 0 sends every turn and leaves it to the server
 */
public record RemoteEngineConfig(List<URI> backends, String model, String apiKey, Duration connectTimeout,
                                 Duration firstTokenTimeout, Duration idleTimeout, Duration coolDown,
                                 boolean extendedSampling, int contextSize) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_FIRST_TOKEN_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(20);

    public RemoteEngineConfig {
        backends = List.copyOf(backends);
        if (backends.isEmpty()) {
            throw new IllegalArgumentException(
                    "no backend URL given; pass at least one, e.g. http://127.0.0.1:8080/v1");
        }
        backends.forEach(RemoteEngineConfig::checkUrl);
        if (backends.stream().distinct().count() != backends.size()) {
            throw new IllegalArgumentException("a backend URL is given twice in " + displayAll(backends));
        }
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) {
            throw new IllegalArgumentException("the backend model name is blank; give the name the server serves "
                    + "(vLLM: --served-model-name, Ollama: e.g. qwen2.5:7b)");
        }
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        positive(connectTimeout, "connect timeout");
        positive(firstTokenTimeout, "first-token timeout");
        positive(idleTimeout, "idle timeout");
        Objects.requireNonNull(coolDown, "coolDown");
        if (coolDown.isNegative()) {
            throw new IllegalArgumentException(
                    "backend cool-down = " + coolDown.toSeconds() + " s must not be negative");
        }
        SettingRange.BACKEND_CTX_SIZE.check(contextSize);
    }

    /** One or more backends with the default timeouts and extended sampling on. */
    public static RemoteEngineConfig of(List<URI> backends, String model, String apiKey) {
        return new RemoteEngineConfig(backends, model, apiKey, DEFAULT_CONNECT_TIMEOUT, DEFAULT_FIRST_TOKEN_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_COOL_DOWN, true, 0);
    }

    public RemoteEngineConfig withTimeouts(Duration connect, Duration firstToken, Duration idle, Duration cool) {
        return new RemoteEngineConfig(backends, model, apiKey, connect, firstToken, idle, cool, extendedSampling,
                contextSize);
    }

    public RemoteEngineConfig withExtendedSampling(boolean value) {
        return new RemoteEngineConfig(backends, model, apiKey, connectTimeout, firstTokenTimeout, idleTimeout,
                coolDown, value, contextSize);
    }

    public RemoteEngineConfig withContextSize(int tokens) {
        return new RemoteEngineConfig(backends, model, apiKey, connectTimeout, firstTokenTimeout, idleTimeout,
                coolDown, extendedSampling, tokens);
    }

    /**
     * Parses a comma-separated list of base URLs, refusing anything but absolute http(s) URLs with a host.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static List<URI> parseUrls(String commaSeparated) {
        List<URI> urls = new ArrayList<>();
        for (String part : commaSeparated == null ? new String[0] : commaSeparated.split(",")) {
            String text = part.strip();
            if (text.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("backend URL '" + text + "' is not a URL: " + e.getReason());
            }
            checkUrl(uri);
            urls.add(uri);
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no backend URL given; pass e.g. http://127.0.0.1:8080/v1");
        }
        return urls;
    }

    /** The URL as it may appear in logs and errors: without user info, query or fragment. */
    public static String display(URI backend) {
        return backend.getScheme() + "://" + backend.getHost() + (backend.getPort() < 0 ? "" : ":" + backend.getPort())
                + (backend.getPath() == null ? "" : backend.getPath());
    }

    static String displayAll(List<URI> backends) {
        return backends.stream().map(RemoteEngineConfig::display).toList().toString();
    }

    /** Where a backend's chat completions are. */
    static URI chatCompletions(URI backend) {
        String base = display(backend);
        return URI.create(base.endsWith("/") ? base + "chat/completions" : base + "/chat/completions");
    }

    private static void checkUrl(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("backend URL '" + safe(uri) + "' must be an http:// or https:// URL "
                    + "with a host, e.g. http://127.0.0.1:8080/v1");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("backend URL '" + display(uri) + "' carries a user name or password; "
                    + "pass the API key as the backend key instead");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("backend URL '" + display(uri) + "' has a query or fragment; give the "
                    + "base URL only, e.g. http://127.0.0.1:8080/v1");
        }
    }

    /** A refused URL without what could be a secret in it. */
    private static String safe(URI uri) {
        String text = uri.toString();
        int at = text.indexOf('@');
        return at < 0 ? text : "…" + text.substring(at);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " = " + value.toMillis() + " ms must be positive");
        }
    }

    /** Without the API key, which must never reach a log. */
    @Override
    public String toString() {
        return "RemoteEngineConfig[backends=" + displayAll(backends) + ", model=" + model + ", apiKey="
                + (apiKey == null ? "none" : "***") + ", connectTimeout=" + connectTimeout + ", firstTokenTimeout="
                + firstTokenTimeout + ", idleTimeout=" + idleTimeout + ", coolDown=" + coolDown
                + ", extendedSampling=" + extendedSampling + ", contextSize=" + contextSize + "]";
    }
}
