package ru.saigabot.bot.testing.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator over plain HTTP, the way curl users talk to Telegram: forms, query strings, raw JSON. */
class BotApiEmulatorPlainHttpTest {

    private static final String TOKEN = "123456:TEST-token";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private BotApiEmulator tg;
    private TestChat chat;

    @BeforeEach
    void start() {
        tg = BotApiEmulator.start(TOKEN);
        chat = tg.privateChat(tg.user(42, "Alice", "en"));
    }

    @AfterEach
    void stop() {
        tg.close();
    }

    @Test
    void formAndQueryParametersWork() throws Exception {
        JsonNode sent = postForm("sendMessage", Map.of("chat_id", "42", "text", "hi",
                "reply_markup", "{\"inline_keyboard\":[[{\"text\":\"A\",\"callback_data\":\"a\"}]]}"));
        JsonNode viaQuery = get("sendMessage?chat_id=42&text=" + encode("from the query"));

        assertThat(sent.path("ok").asBoolean()).isTrue();
        assertThat(sent.at("/result/message_id").asInt()).isEqualTo(1);
        assertThat(sent.at("/result/reply_markup/inline_keyboard/0/0/callback_data").asText()).isEqualTo("a");
        assertThat(viaQuery.at("/result/message_id").asInt()).isEqualTo(2);
        assertThat(tg.botMessages(chat.id())).extracting(BotMessage::text).containsExactly("hi", "from the query");
        assertThat(tg.calls("sendMessage").get(0).params().get("reply_markup").isObject())
                .as("JSON in form fields is parsed for the call log").isTrue();
    }

    @Test
    void methodNamesAreCaseInsensitive() throws Exception {
        assertThat(get("GETME").at("/result/is_bot").asBoolean()).isTrue();
        assertThat(tg.calls("getMe")).singleElement().extracting(ApiCall::method).isEqualTo("getMe");
    }

    @Test
    void errorsHaveTelegramsShape() throws Exception {
        JsonNode empty = postForm("sendMessage", Map.of("chat_id", "42", "text", ""));

        assertThat(empty).isEqualTo(json.readTree(
                "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: message text is empty\"}"));
        assertThat(description(postForm("sendMessage", Map.of("chat_id", "42", "text", "x".repeat(4097)))))
                .isEqualTo("Bad Request: message is too long");
        assertThat(description(postForm("sendMessage", Map.of("chat_id", "7", "text", "hi"))))
                .isEqualTo("Bad Request: chat not found");
        assertThat(get("noSuchMethod")).isEqualTo(json.readTree(
                "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found: method not found\"}"));
        assertThat(description(getRaw("/botWRONG/getMe"))).isEqualTo("Unauthorized");
    }

    @Test
    void injectedRetryAfterIsInParameters() throws Exception {
        tg.faults().floodWaitNext("getMe", 3);

        assertThat(get("getMe")).isEqualTo(json.readTree("{\"ok\":false,\"error_code\":429,"
                + "\"description\":\"Too Many Requests: retry after 3\",\"parameters\":{\"retry_after\":3}}"));
    }

    @Test
    void htmlIsCheckedLikeTelegram() throws Exception {
        assertThat(description(sendHtml("<b>bold")))
                .isEqualTo("Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"");
        assertThat(description(sendHtml("ünï <foo>x</foo>"))) // ü and ï are 2 bytes each
                .isEqualTo("Bad Request: can't parse entities: Unsupported start tag \"foo\" at byte offset 6");
        assertThat(description(sendHtml("<b><i>x</b></i>"))).isEqualTo("Bad Request: can't parse entities: "
                + "Unmatched end tag at byte offset 7, expected \"</i>\", found \"</b>\"");
        assertThat(description(sendHtml("1 < 2"))).contains("Unsupported start tag \"\" at byte offset 2");

        JsonNode ok = sendHtml("<a href=\"https://x.org/?a=1&amp;b=2\">link</a> &lt;3 <span class=\"tg-spoiler\">s</span>");
        assertThat(ok.at("/result/text").asText()).isEqualTo("link <3 s");
        assertThat(ok.at("/result/entities")).isEqualTo(json.readTree("[{\"type\":\"text_link\",\"offset\":0,"
                + "\"length\":4,\"url\":\"https://x.org/?a=1&b=2\"},{\"type\":\"spoiler\",\"offset\":8,\"length\":1}]"));
    }

    @Test
    void inlineKeyboardsAreValidated() throws Exception {
        assertThat(description(postForm("sendMessage", Map.of("chat_id", "42", "text", "x",
                "reply_markup", "{\"inline_keyboard\":[[{\"text\":\"A\"}]]}"))))
                .isEqualTo("Bad Request: text buttons are unallowed in the inline keyboard");
        assertThat(description(postForm("sendMessage", Map.of("chat_id", "42", "text", "x",
                "reply_markup", "{\"inline_keyboard\":[[{\"text\":\"A\",\"callback_data\":\"" + "d".repeat(65) + "\"}]]}"))))
                .isEqualTo("Bad Request: BUTTON_DATA_INVALID");
    }

    @Test
    void unrepliedTargetsAreRejectedUnlessAllowed() throws Exception {
        assertThat(description(postJson("sendMessage",
                "{\"chat_id\":42,\"text\":\"x\",\"reply_parameters\":{\"message_id\":9}}")))
                .isEqualTo("Bad Request: message to be replied not found");
        JsonNode sent = postJson("sendMessage", "{\"chat_id\":42,\"text\":\"x\","
                + "\"reply_parameters\":{\"message_id\":9,\"allow_sending_without_reply\":true}}");
        assertThat(sent.path("ok").asBoolean()).isTrue();
    }

    @Test
    void brokenBodiesAreServedVerbatim() throws Exception {
        tg.faults().respondRawNext("getMe", 502, FaultInjector.NOT_JSON);

        HttpResponse<String> response = http.send(request("/bot" + TOKEN + "/getMe").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo(FaultInjector.NOT_JSON);
    }

    private JsonNode sendHtml(String text) throws IOException, InterruptedException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("chat_id", "42");
        params.put("text", text);
        params.put("parse_mode", "HTML");
        return postForm("sendMessage", params);
    }

    private JsonNode postForm(String method, Map<String, String> params) throws IOException, InterruptedException {
        String form = params.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request("/bot" + TOKEN + "/" + method)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private JsonNode postJson(String method, String body) throws IOException, InterruptedException {
        return send(request("/bot" + TOKEN + "/" + method).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private JsonNode get(String methodAndQuery) throws IOException, InterruptedException {
        return getRaw("/bot" + TOKEN + "/" + methodAndQuery);
    }

    private JsonNode getRaw(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = json.readTree(response.body());
        assertThat(response.statusCode()).as("HTTP status mirrors error_code")
                .isEqualTo(body.path("ok").asBoolean() ? 200 : body.path("error_code").asInt());
        return body;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(tg.baseUrl() + path)).timeout(Duration.ofSeconds(5));
    }

    private static String description(JsonNode error) {
        return error.path("description").asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
