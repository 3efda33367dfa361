package ru.saigabot.bot.testing.web;

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

/**
 * A browser's part in the web server's conversation, over real HTTP: it opens an invite link, keeps the session cookie
 * the server sets, and sends it with every request, as a page of the same site would.
 */
public final class WebClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A response: its status and body. */
    public record Reply(int status, String body, HttpResponse<String> response) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("status " + status + ", not JSON: " + body, e);
            }
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final String cookie;

    private WebClient(String base, String cookie) {
        this.base = base;
        this.cookie = cookie;
    }

    /** Without a session: every {@code /web/api/} request is refused with 401. */
    public static WebClient anonymous(int port) {
        return new WebClient("http://127.0.0.1:" + port, null);
    }

    /** Opens invite link {@code /invite/TOKEN} and keeps the session cookie it sets. */
    public static WebClient signedIn(int port, String inviteToken) throws IOException, InterruptedException {
        WebClient anonymous = anonymous(port);
        Reply opened = anonymous.get("/invite/" + inviteToken);
        if (opened.status() != 200) {
            throw new AssertionError("the invite was refused: " + opened.status() + " " + opened.body());
        }
        Optional<String> session = opened.response().headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith(WebServer.SESSION_COOKIE + "="))
                .map(header -> header.substring(0, header.indexOf(';') < 0 ? header.length() : header.indexOf(';')))
                .findFirst();
        return new WebClient(anonymous.base, session.orElseThrow(() -> new AssertionError(
                "opening the invite set no session cookie: " + opened.response().headers())));
    }

    public Reply get(String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body(), response);
    }

    /** A GET that must succeed, as JSON. */
    public JsonNode json(String path) throws IOException, InterruptedException {
        Reply reply = get(path);
        if (reply.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + reply.status() + ": " + reply.body());
        }
        return reply.json();
    }
}
