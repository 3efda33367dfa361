package ru.saigabot.bot.testing.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.web.WebServer;
import ru.saigabot.bot.web.session.SessionStore;

/**
 * A browser's side of the web chat over plain HTTP: signs in with an invite as the page does (the cookie), sends the
 * CSRF token with every change, and reads an answer's server-sent events.
 */
public final class WebUser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COOKIE = Pattern.compile(WebServer.SESSION_COOKIE + "=([^;]+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String cookie;
    private final String csrf;

    private WebUser(String baseUrl, String cookie, String csrf) {
        this.baseUrl = baseUrl;
        this.cookie = cookie;
        this.csrf = csrf;
    }

    /** Makes an invite in {@code database} and opens it, as a person clicking the link does. */
    public static WebUser invited(String baseUrl, Database database, boolean admin) throws Exception {
        SessionStore.Invite invite = new SessionStore(database).invite(admin, Duration.ofHours(1));
        HttpResponse<String> opened = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(baseUrl + "/invite/" + invite.token())).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (opened.statusCode() != 200) {
            throw new IllegalStateException("the invite was refused: " + opened.statusCode() + " " + opened.body());
        }
        String setCookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
        Matcher matcher = COOKIE.matcher(setCookie);
        if (!matcher.find()) {
            throw new IllegalStateException("no session cookie in " + setCookie);
        }
        WebUser anonymous = new WebUser(baseUrl, matcher.group(1), "");
        JsonNode session = JSON.readTree(anonymous.send("GET", "/web/api/session", null, true).body());
        return new WebUser(baseUrl, matcher.group(1), session.get("csrf_token").asText());
    }

    /** The same session, sending {@code token} as its CSRF token (a forged request's). */
    public WebUser withCsrf(String token) {
        return new WebUser(baseUrl, cookie, token);
    }

    /** A request without the session cookie. */
    public WebUser withoutSession() {
        return new WebUser(baseUrl, "", csrf);
    }

    /** A JSON request; the response whatever its status. */
    public HttpResponse<String> send(String method, String path, Object body) throws Exception {
        return send(method, path, body, true);
    }

    /** A JSON request that must succeed; its body, or null for 204. */
    public JsonNode call(String method, String path, Object body) throws Exception {
        HttpResponse<String> response = send(method, path, body, true);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, Object body, boolean withCsrf) throws Exception {
        return http.send(request(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)), withCsrf).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request whose body goes as written, malformed JSON included; the response whatever its status. */
    public HttpResponse<String> sendRaw(String method, String path, String body) throws Exception {
        return http.send(request(method, path, HttpRequest.BodyPublishers.ofString(body), true).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A GET of a file (a zip download); the response whatever its status. */
    public HttpResponse<byte[]> download(String path) throws Exception {
        return http.send(request("GET", path, HttpRequest.BodyPublishers.noBody(), true).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest.Builder request(String method, String path, HttpRequest.BodyPublisher body, boolean withCsrf) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body)
                .header("Content-Type", "application/json").header("Accept-Language", "ru-RU,ru;q=0.9");
        if (!cookie.isEmpty()) {
            request.header("Cookie", WebServer.SESSION_COOKIE + "=" + cookie);
        }
        if (withCsrf && !csrf.isEmpty()) {
            request.header(WebServer.CSRF_HEADER, csrf);
        }
        return request;
    }

    /** One server-sent event. */
    public record Event(String name, JsonNode data) {}

    /** Reads the events of generation {@code generationId} until its end event. */
    public List<Event> follow(long generationId) throws Exception {
        return follow(generationId, event -> { });
    }

    /** {@link #follow(long)}, telling {@code seen} of each event as it arrives. */
    public List<Event> follow(long generationId, java.util.function.Consumer<Event> seen) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/web/api/generations/" + generationId
                + "/events")).timeout(Duration.ofMinutes(2)).header("Cookie", WebServer.SESSION_COOKIE + "=" + cookie)
                .GET().build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("events of " + generationId + " answered " + response.statusCode());
        }
        List<Event> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            String name = null;
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    Event event = new Event(name, JSON.readTree(line.substring(6)));
                    events.add(event);
                    seen.accept(event);
                    if ("end".equals(name)) {
                        return events;
                    }
                }
            }
        }
        throw new IOException("the events of " + generationId + " ended without an end event: " + events);
    }

    /** A body of named fields, in order. */
    public static Map<String, Object> body(Object... namesAndValues) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return body;
    }
}
