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

    /** The document, getFile's File and the download, field by field as the Bot API sends them. */
    @Test
    void filesAreDescribedAndServedLikeTelegrams() throws Exception {
        byte[] content = new byte[3000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i; // every byte value, so nothing is read as text on the way
        }
        TestUser alice = chat.user();
        UserDocument sent = tg.sendDocument(chat, alice, "data.bin", "application/octet-stream", content, null);

        JsonNode document = get("getUpdates").at("/result/0/message/document");
        assertThat(document).isEqualTo(json.createObjectNode().put("file_name", "data.bin")
                .put("mime_type", "application/octet-stream").put("file_id", sent.fileId())
                .put("file_unique_id", sent.fileUniqueId()).put("file_size", 3000));
        assertThat(get("getUpdates").at("/result/0/message").has("caption")).isFalse();
        JsonNode file = get("getFile?file_id=" + encode(sent.fileId())).path("result");
        assertThat(file.fieldNames()).toIterable()
                .containsExactly("file_id", "file_unique_id", "file_size", "file_path");
        assertThat(file.path("file_size").asLong()).isEqualTo(3000);
        String path = file.path("file_path").asText();

        HttpResponse<byte[]> served = http.send(request("/file/bot" + TOKEN + "/" + path).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(content);
        assertThat(served.headers().firstValue("Content-Length")).hasValue("3000");
        assertThat(served.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(download("/file/bot123456:WRONG/" + path).statusCode()).isEqualTo(404);
        assertThat(download("/file/bot" + TOKEN + "/documents/no_such_file.bin").statusCode()).isEqualTo(404);
        assertThat(tg.downloads()).as("a wrong token is not logged, an unknown path is").hasSize(2);
        assertThat(tg.downloads(sent.fileId())).hasSize(1);
        assertThat(description(get("getFile?file_id=nope"))).isEqualTo("Bad Request: invalid file_id");
    }

    @Test
    void filesOverTwentyMegabytesCannotBeGot() throws Exception {
        UserDocument big = tg.sendDocument(chat, chat.user(), "big.zip", "application/zip",
                new byte[20 * 1024 * 1024 + 1], "");

        assertThat(get("getFile?file_id=" + encode(big.fileId()))).isEqualTo(json.readTree(
                "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: file is too big\"}"));
        assertThat(get("getUpdates").at("/result/0/message/document/file_size").asLong())
                .isEqualTo(20 * 1024 * 1024 + 1);
    }

    /** Downloads take the faults queued for FILE_DOWNLOAD; a raw body comes as the file, of a size nobody told. */
    @Test
    void downloadsFailAndLieOnDemand() throws Exception {
        UserDocument sent = tg.sendDocument(chat, chat.user(), "a.txt", "text/plain",
                "short".getBytes(StandardCharsets.UTF_8), "caption");
        String path = get("getFile?file_id=" + encode(sent.fileId())).at("/result/file_path").asText();
        tg.faults().failNext(BotApiEmulator.FILE_DOWNLOAD, 502, "Bad Gateway", null)
                .respondRawNext(BotApiEmulator.FILE_DOWNLOAD, 200, "much longer than announced");

        HttpResponse<byte[]> failed = download("/file/bot" + TOKEN + "/" + path);
        HttpResponse<byte[]> lying = download("/file/bot" + TOKEN + "/" + path);
        HttpResponse<byte[]> honest = download("/file/bot" + TOKEN + "/" + path);

        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(lying.statusCode()).isEqualTo(200);
        assertThat(new String(lying.body(), StandardCharsets.UTF_8)).isEqualTo("much longer than announced");
        assertThat(lying.headers().firstValue("Content-Length")).isEmpty();
        assertThat(new String(honest.body(), StandardCharsets.UTF_8)).isEqualTo("short");
        assertThat(tg.downloads(sent.fileId())).hasSize(3);
    }

    @Test
    void brokenBodiesAreServedVerbatim() throws Exception {
        tg.faults().respondRawNext("getMe", 502, FaultInjector.NOT_JSON);

        HttpResponse<String> response = http.send(request("/bot" + TOKEN + "/getMe").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo(FaultInjector.NOT_JSON);
    }

    private HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
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
