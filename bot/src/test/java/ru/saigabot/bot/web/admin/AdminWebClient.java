package ru.saigabot.bot.web.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import ru.saigabot.bot.web.WebServer;
import ru.saigabot.bot.web.session.SessionStore;

/**
 * A browser as the web server meets it, over real HTTP: signed in by opening an invite link (the cookie it sets),
 * sending the session's CSRF token with every change, as the page does.
 */
final class AdminWebClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final String cookie;
    private final String csrf;

    private AdminWebClient(HttpClient http, String base, String cookie, String csrf) {
        this.http = http;
        this.base = base;
        this.cookie = cookie;
        this.csrf = csrf;
    }

    /** Opens a new invite (an admin's, or a chat user's) at {@code /invite/TOKEN}, as a browser would. */
    static AdminWebClient signIn(int port, SessionStore sessions, boolean admin) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TIMEOUT).build();
        String base = "http://127.0.0.1:" + port;
        String token = sessions.invite(admin, Duration.ofHours(1)).token();
        HttpResponse<String> opened = http.send(HttpRequest.newBuilder(URI.create(base + "/invite/" + token))
                .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = opened.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith(WebServer.SESSION_COOKIE + "="))
                .map(value -> value.split(";", 2)[0]).findFirst()
                .orElseThrow(() -> new AssertionError("the invite set no session cookie: " + opened.statusCode()));
        AdminWebClient unsigned = new AdminWebClient(http, base, cookie, null);
        String csrf = unsigned.json(unsigned.get("/web/api/session")).path("csrf_token").asText();
        return new AdminWebClient(http, base, cookie, csrf);
    }

    String csrfToken() {
        return csrf;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A change as the page sends it: JSON with the session's CSRF token. */
    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, Optional.of(csrf));
    }

    /** A change with the CSRF header set to {@code token}, or without it. */
    HttpResponse<String> post(String path, String body, Optional<String> token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        token.ifPresent(value -> request.header(WebServer.CSRF_HEADER, value));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body of a 2xx answer as JSON; anything else fails with the answer in the message. */
    JsonNode json(HttpResponse<String> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(response.request().method() + " " + response.uri().getPath() + ": "
                    + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static JsonNode parse(String body) throws IOException {
        return JSON.readTree(body);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).header("Cookie", cookie);
    }
}
