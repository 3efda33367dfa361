package ru.saigabot.bot.testing.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.GetFile;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.commands.DeleteMyCommands;
import org.telegram.telegrambots.meta.api.methods.commands.GetMyCommands;
import org.telegram.telegrambots.meta.api.methods.commands.SetMyCommands;
import org.telegram.telegrambots.meta.api.methods.send.SendChatAction;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendMessageDraft;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.DeleteMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Document;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.commands.BotCommand;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/** The emulator driven by the bot's real client: TelegramBots' OkHttpTelegramClient. */
class BotApiEmulatorTest {

    private static final String TOKEN = "123456:TEST-token";
    private static final Duration WAIT = Duration.ofSeconds(2);

    private BotApiEmulator tg;
    private OkHttpClient okHttp;
    private TelegramClient client;
    private TestUser alice;
    private TestChat chat;

    @BeforeEach
    void start() {
        tg = BotApiEmulator.start(TOKEN);
        okHttp = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(10)).build();
        client = new OkHttpTelegramClient(okHttp, TOKEN, tg.telegramUrl());
        alice = tg.user(42, "Alice", "ru");
        chat = tg.privateChat(alice);
    }

    @AfterEach
    void stop() {
        tg.close();
        okHttp.dispatcher().executorService().shutdownNow();
        okHttp.connectionPool().evictAll();
    }

    @Test
    void sendDocumentTakesTheFileAsTelegramBotsUploadsIt() throws TelegramApiException {
        byte[] content = "{\"a\": 1}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Message sent = client.execute(SendDocument.builder().chatId(chat.id())
                .document(new InputFile(new java.io.ByteArrayInputStream(content), "answer.json"))
                .caption("<b>JSON</b>").parseMode("HTML").build());

        assertThat(sent.getDocument().getFileName()).isEqualTo("answer.json");
        assertThat(sent.getDocument().getFileSize()).isEqualTo(content.length);
        assertThat(sent.getCaption()).isEqualTo("JSON");
        assertThat(sent.getText()).isNull();
        BotMessage stored = tg.lastBotMessage(chat.id()).orElseThrow();
        assertThat(stored.document().content()).isEqualTo(content);
        assertThat(stored.entities()).extracting(TextEntity::type).containsExactly("bold");
        assertThatThrownBy(() -> client.execute(SendDocument.builder().chatId(chat.id())
                .document(new InputFile(new java.io.ByteArrayInputStream(content), "long.json"))
                .caption("x".repeat(MessageMethods.MAX_CAPTION_LENGTH + 1)).build()))
                .isInstanceOf(TelegramApiRequestException.class).hasMessageContaining("caption is too long");
    }

    /**
     * A user's file the whole way: the update's document and getFile read by TelegramBots, then the download from
     * {@code /file/bot<token>/<file_path>}. Pins a TelegramBots 10.2.0 quirk: its downloads ignore the client's
     * TelegramUrl and always go to Telegram's own host (File.getFileUrl), so the bot builds the URL itself.
     */
    @Test
    void usersSendFilesThatTelegramBotsGetsAndDownloads() throws Exception {
        byte[] content = "%PDF-1.4 not really\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        UserDocument sent = tg.sendDocument(chat, alice, "отчёт.pdf", "application/pdf", content,
                "/ask что здесь?");

        Message message = client.execute(GetUpdates.builder().build()).get(0).getMessage();
        Document document = message.getDocument();
        assertThat(document.getFileId()).isEqualTo(sent.fileId());
        assertThat(document.getFileUniqueId()).isEqualTo(sent.fileUniqueId());
        assertThat(document.getFileName()).isEqualTo("отчёт.pdf");
        assertThat(document.getMimeType()).isEqualTo("application/pdf");
        assertThat(document.getFileSize()).isEqualTo(content.length).isEqualTo(sent.fileSize());
        assertThat(message.getMessageId()).isEqualTo(sent.messageId());
        assertThat(message.getFrom().getId()).isEqualTo(alice.id());
        assertThat(message.getText()).isNull();
        assertThat(message.getCaption()).isEqualTo("/ask что здесь?");
        assertThat(message.getCaptionEntities()).extracting(MessageEntity::getType).containsExactly("bot_command");

        org.telegram.telegrambots.meta.api.objects.File file = client.execute(new GetFile(sent.fileId()));
        assertThat(file.getFileId()).isEqualTo(sent.fileId());
        assertThat(file.getFileUniqueId()).isEqualTo(sent.fileUniqueId());
        assertThat(file.getFileSize()).isEqualTo(content.length);
        assertThat(file.getFilePath()).startsWith("documents/").endsWith(".pdf");
        assertThat(file.getFileUrl(TOKEN)).as("TelegramBots' own file URL ignores the configured server")
                .doesNotStartWith(tg.baseUrl()).contains("/file/bot");
        assertThat(download(file)).isEqualTo(content);

        assertThat(tg.calls("getFile")).singleElement().extracting(c -> c.param("file_id")).isEqualTo(sent.fileId());
        assertThat(tg.downloads(sent.fileId())).singleElement()
                .extracting(c -> c.param("file_path")).isEqualTo(file.getFilePath());
        assertThatThrownBy(() -> client.execute(new GetFile("no-such-file")))
                .isInstanceOfSatisfying(TelegramApiRequestException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(400);
                    assertThat(e.getApiResponse()).isEqualTo("Bad Request: invalid file_id");
                });
    }

    /** A bot may getFile its own uploads too, as in Telegram. */
    @Test
    void theBotsOwnDocumentsCanBeDownloadedAgain() throws Exception {
        byte[] content = "{\"a\": 1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Message sent = client.execute(SendDocument.builder().chatId(chat.id())
                .document(new InputFile(new java.io.ByteArrayInputStream(content), "answer.json")).build());

        org.telegram.telegrambots.meta.api.objects.File file =
                client.execute(new GetFile(sent.getDocument().getFileId()));

        assertThat(download(file)).isEqualTo(content);
    }

    @Test
    void getMeDescribesTheBot() throws TelegramApiException {
        User me = client.execute(new GetMe());

        assertThat(me.getId()).isEqualTo(123456L);
        assertThat(me.getIsBot()).isTrue();
        assertThat(me.getUserName()).isEqualTo("saiga_test_bot");
        assertThat(tg.calls("getMe")).hasSize(1);
    }

    @Test
    void longPollReturnsAsSoonAsAnUpdateArrives() throws Exception {
        CompletableFuture<ArrayList<Update>> poll = client.executeAsync(GetUpdates.builder().timeout(10).build());
        tg.awaitCall("getUpdates", WAIT);
        long start = System.nanoTime();

        UserMessage sent = tg.sendText(chat, alice, "/start hello");

        List<Update> updates = poll.get(2, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(updates).singleElement().satisfies(update -> {
            assertThat(update.getUpdateId()).isEqualTo(sent.updateId());
            Message message = update.getMessage();
            assertThat(message.getMessageId()).isEqualTo(sent.messageId());
            assertThat(message.getText()).isEqualTo("/start hello");
            assertThat(message.getFrom().getId()).isEqualTo(42L);
            assertThat(message.getChatId()).isEqualTo(42L);
            assertThat(message.getEntities()).extracting(MessageEntity::getType, MessageEntity::getOffset,
                    MessageEntity::getLength).containsExactly(tuple("bot_command", 0, 6));
        });
    }

    /**
     * Pins a TelegramBots 10.2.0 quirk the bot must know about: Message.isCommand() and getCommand() read
     * the entity's text, which is only computed inside getEntities(), so both report "no command" until
     * getEntities() has been called once on that Message.
     */
    @Test
    void telegramBotsSeesTheCommandOnlyAfterGetEntities() throws TelegramApiException {
        tg.sendText(chat, alice, "/help@saiga_test_bot please");

        Message message = client.execute(GetUpdates.builder().build()).get(0).getMessage();

        assertThat(message.isCommand()).isFalse();
        assertThat(message.getEntities()).extracting(MessageEntity::getText)
                .containsExactly("/help@saiga_test_bot");
        assertThat(message.isCommand()).isTrue();
    }

    @Test
    void longPollReturnsEmptyListAfterTimeout() throws TelegramApiException {
        long start = System.nanoTime();

        List<Update> updates = client.execute(GetUpdates.builder().timeout(1).build());

        assertThat(updates).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(900));
    }

    @Test
    void offsetConfirmsAndDropsEarlierUpdates() throws TelegramApiException {
        int first = tg.sendText(chat, alice, "one").updateId();
        int second = tg.sendText(chat, alice, "two").updateId();
        int third = tg.sendText(chat, alice, "three").updateId();

        assertThat(ids(client.execute(GetUpdates.builder().build()))).containsExactly(first, second, third);
        assertThat(ids(client.execute(GetUpdates.builder().build())))
                .as("nothing confirmed yet, so everything is delivered again").containsExactly(first, second, third);
        assertThat(ids(client.execute(GetUpdates.builder().offset(second).build()))).containsExactly(second, third);
        assertThat(tg.isConfirmed(first)).isTrue();
        assertThat(tg.isConfirmed(second)).isFalse();
        assertThat(ids(client.execute(GetUpdates.builder().offset(third + 1).limit(1).build()))).isEmpty();

        assertThat(tg.pendingUpdateCount()).isZero();
        assertThat(tg.getUpdatesOffsets()).containsExactly(0, 0, second, third + 1);
        assertThat(ids(client.execute(GetUpdates.builder().offset(-1).build()))).isEmpty();
    }

    @Test
    void allowedUpdatesFilterLikeTelegram() throws TelegramApiException {
        int message = tg.sendText(chat, alice, "hi").updateId();
        int reaction = tg.react(chat, alice, 1, "👍");

        assertThat(ids(client.execute(GetUpdates.builder().build())))
                .as("message_reaction is excluded by default").containsExactly(message);
        assertThat(ids(client.execute(GetUpdates.builder().allowedUpdate("message_reaction").build())))
                .containsExactly(reaction);
        assertThat(ids(client.execute(GetUpdates.builder().offset(reaction + 1).build()))).isEmpty();
        assertThat(tg.isConfirmed(message)).as("an undelivered update is dropped by the offset").isTrue();
    }

    /**
     * Telegram keeps the last allowed_updates when a call leaves it out. Note that TelegramBots' builder
     * always sends {@code "allowed_updates":[]}, which restores the default every time; only a GetUpdates
     * made with the constructor and setters omits the field.
     */
    @Test
    void allowedUpdatesPersistWhenOmitted() throws TelegramApiException {
        client.execute(GetUpdates.builder().allowedUpdate("message_reaction").build());
        int message = tg.sendText(chat, alice, "hi").updateId();

        assertThat(client.execute(new GetUpdates())).as("still only reactions").isEmpty();
        assertThat(tg.calls("getUpdates").get(1).params().has("allowed_updates")).isFalse();
        assertThat(ids(client.execute(GetUpdates.builder().build()))).as("[] restores the default")
                .containsExactly(message);
    }

    @Test
    void sendsHtmlWithKeyboardThenEditsLikeTelegram() throws TelegramApiException {
        Message sent = client.execute(SendMessage.builder().chatId(chat.id()).text("<b>Pick</b> one &amp; go")
                .parseMode("HTML").replyMarkup(keyboard("A", "a", "B", "b")).build());

        assertThat(sent.getText()).isEqualTo("Pick one & go");
        assertThat(sent.getEntities()).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("bold");
            assertThat(e.getLength()).isEqualTo(4);
        });
        assertThat(sent.getFrom().getIsBot()).isTrue();
        assertThat(sent.getReplyMarkup().getKeyboard().get(0)).extracting(InlineKeyboardButton::getCallbackData)
                .containsExactly("a", "b");
        BotMessage stored = tg.lastBotMessage(chat.id()).orElseThrow();
        assertThat(stored.text()).isEqualTo("<b>Pick</b> one &amp; go");
        assertThat(stored.plainText()).isEqualTo("Pick one & go");
        assertThat(stored.buttons()).extracting(InlineButton::text).containsExactly("A", "B");

        Serializable edited = client.execute(edit(sent.getMessageId(), "Picked A").replyMarkup(keyboard("A", "a", "B", "b")).build());
        assertThat(((Message) edited).getText()).isEqualTo("Picked A");
        assertThat(((Message) edited).getEditDate()).isNotNull();

        assertThatThrownBy(() -> client.execute(edit(sent.getMessageId(), "Picked A")
                .replyMarkup(keyboard("A", "a", "B", "b")).build()))
                .isInstanceOfSatisfying(TelegramApiRequestException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(400);
                    assertThat(e.getApiResponse()).startsWith("Bad Request: message is not modified");
                });

        client.execute(edit(sent.getMessageId(), "Picked A").build()); // no reply_markup: keyboard removed
        BotMessage current = tg.botMessage(chat.id(), sent.getMessageId()).orElseThrow();
        assertThat(current.buttons()).isEmpty();
        assertThat(current.history()).extracting(MessageVersion::plainText)
                .containsExactly("Pick one & go", "Picked A", "Picked A");

        assertThatThrownBy(() -> client.execute(edit(999, "x").build()))
                .isInstanceOfSatisfying(TelegramApiRequestException.class,
                        e -> assertThat(e.getApiResponse()).isEqualTo("Bad Request: message to edit not found"));
    }

    @Test
    void buttonPressIsDeliveredAndItsAnswerRecorded() throws TelegramApiException {
        UserMessage question = tg.sendText(chat, alice, "question");
        client.execute(SendMessage.builder().chatId(chat.id()).text("Sure?").replyMarkup(keyboard("Yes", "yes", "No", "no"))
                .replyParameters(ReplyParameters.builder().messageId(question.messageId()).build()).build());
        BotMessage prompt = tg.awaitBotMessage(chat.id(), m -> m.button("Yes").isPresent(), WAIT);
        assertThat(prompt.replyToMessageId()).isEqualTo(question.messageId());

        CallbackPress press = tg.pressButtonLabeled(alice, prompt, "Yes");

        List<Update> updates = client.execute(GetUpdates.builder().offset(question.updateId() + 1).build());
        CallbackQuery query = updates.get(0).getCallbackQuery();
        assertThat(query.getId()).isEqualTo(press.queryId());
        assertThat(query.getData()).isEqualTo("yes");
        assertThat(query.getFrom().getId()).isEqualTo(42L);
        assertThat(query.getMessage().getMessageId()).isEqualTo(prompt.messageId());
        assertThat(tg.isCallbackAnswered(press.queryId())).isFalse();

        client.execute(AnswerCallbackQuery.builder().callbackQueryId(query.getId()).text("Done").build());

        assertThat(tg.awaitCallbackAnswered(press.queryId(), WAIT).text()).isEqualTo("Done");
        assertThatThrownBy(() -> client.execute(AnswerCallbackQuery.builder().callbackQueryId(query.getId()).build()))
                .isInstanceOfSatisfying(TelegramApiRequestException.class,
                        e -> assertThat(e.getApiResponse()).contains("query is too old"));
    }

    @Test
    void formattingIsRefusedOnDemandOnlyForCallsThatHaveAParseMode() throws TelegramApiException {
        tg.faults().refuseFormattingNext("sendMessage", 1);

        client.execute(text("plain first"));
        assertThatThrownBy(() -> client.execute(SendMessage.builder().chatId(chat.id()).text("<b>x</b>")
                .parseMode("HTML").build()))
                .isInstanceOfSatisfying(TelegramApiRequestException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(400);
                    assertThat(e.getApiResponse()).startsWith("Bad Request: can't parse entities: ");
                });
        Message formatted = client.execute(SendMessage.builder().chatId(chat.id()).text("<pre><code "
                + "class=\"language-go\">x</code></pre>").parseMode("HTML").build());

        assertThat(formatted.getEntities()).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("pre");
            assertThat(e.getLanguage()).isEqualTo("go");
        });
        assertThat(tg.botMessages(chat.id())).extracting(BotMessage::plainText).containsExactly("plain first", "x");
    }

    @Test
    void injectedErrorsSurfaceWithCodeAndRetryAfter() throws TelegramApiException {
        tg.faults().floodWaitNext("sendMessage", 7).failNext("sendMessage", 500, "Internal Server Error", null);

        assertThatThrownBy(() -> client.execute(text("first")))
                .isInstanceOfSatisfying(TelegramApiRequestException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(429);
                    assertThat(e.getParameters().getRetryAfter()).isEqualTo(7);
                });
        assertThatThrownBy(() -> client.execute(text("second")))
                .isInstanceOfSatisfying(TelegramApiRequestException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(500);
                    assertThat(e.getParameters()).isNull();
                });
        client.execute(text("third"));

        assertThat(tg.calls("sendMessage")).extracting(c -> c.param("text")).containsExactly("first", "second", "third");
        assertThat(tg.botMessages(chat.id())).extracting(BotMessage::text).containsExactly("third");
    }

    @Test
    void wrongTokenIsUnauthorized() {
        TelegramClient stranger = new OkHttpTelegramClient(okHttp, "999:WRONG", tg.telegramUrl());

        assertThatThrownBy(() -> stranger.execute(new GetMe()))
                .isInstanceOfSatisfying(TelegramApiRequestException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(401);
                    assertThat(e.getApiResponse()).isEqualTo("Unauthorized");
                });
        assertThat(tg.calls()).isEmpty();
    }

    /**
     * A 200 body without "ok" makes TelegramBots' deserializer throw a NullPointerException. In 10.2.0 the
     * OkHttp callback catches it and fails the future (9.x let it escape on OkHttp's thread, so the future
     * never completed and execute() hung forever).
     */
    @Test
    void bodyWithoutOkFailsTheCallWithANullPointerCause() {
        tg.faults().respondWithoutOkNext("getMe");

        assertThatThrownBy(() -> client.execute(new GetMe()))
                .isInstanceOf(TelegramApiException.class)
                .hasCauseInstanceOf(NullPointerException.class);
    }

    /**
     * execute() waits on its future without a timeout; with an OkHttp client that has no read timeout a
     * Telegram that never answers blocks the caller indefinitely. That is why the bot bounds every call.
     */
    @Test
    void neverAnsweringTelegramLeavesTheFutureHanging() throws TelegramApiException {
        OkHttpClient patient = okHttp.newBuilder().readTimeout(Duration.ZERO).build();
        TelegramClient waiting = new OkHttpTelegramClient(patient, TOKEN, tg.telegramUrl());
        tg.faults().delayNext("getMe", Duration.ofSeconds(30));

        CompletableFuture<User> future = waiting.executeAsync(new GetMe());

        assertThatThrownBy(() -> future.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    }

    @Test
    void nonJsonBodyFailsTheCall() {
        tg.faults().respondRawNext("getMe", 502, FaultInjector.NOT_JSON);

        assertThatThrownBy(() -> client.execute(new GetMe()))
                .isInstanceOf(TelegramApiRequestException.class)
                .hasMessageContaining("Unable to deserialize response");
    }

    @Test
    void slowAnswerTimesOutTheClientButTheMessageIsSent() {
        OkHttpClient impatient = okHttp.newBuilder().readTimeout(Duration.ofMillis(200)).build();
        TelegramClient hasty = new OkHttpTelegramClient(impatient, TOKEN, tg.telegramUrl());
        tg.faults().delayNext("sendMessage", Duration.ofMillis(800));

        assertThatThrownBy(() -> hasty.execute(text("slow"))).isInstanceOf(TelegramApiException.class);

        tg.awaitBotMessage(chat.id(), m -> m.text().equals("slow"), WAIT);
    }

    @Test
    void outagesLookLikeTelegramBeingDown() throws TelegramApiException {
        int port = tg.port();
        tg.faults().pause();
        assertThatThrownBy(() -> client.execute(new GetMe()))
                .isInstanceOfSatisfying(TelegramApiRequestException.class, e -> assertThat(e.getErrorCode()).isEqualTo(503));
        tg.faults().resume();

        tg.stopAccepting();
        assertThatThrownBy(() -> client.execute(new GetMe()))
                .isInstanceOf(TelegramApiException.class).hasRootCauseInstanceOf(java.net.ConnectException.class);
        tg.startAccepting();

        assertThat(tg.port()).isEqualTo(port);
        assertThat(client.execute(new GetMe()).getId()).isEqualTo(123456L);
    }

    @Test
    void overlappingPollsEndTheOlderOneWithConflict() throws Exception {
        CompletableFuture<ArrayList<Update>> first = client.executeAsync(GetUpdates.builder().timeout(5).build());
        tg.awaitCall("getUpdates", WAIT);
        CompletableFuture<ArrayList<Update>> second = client.executeAsync(GetUpdates.builder().timeout(5).build());

        // Normally `first` gets the 409; should it start waiting after `second`, the roles swap.
        assertThatThrownBy(() -> CompletableFuture.anyOf(first, second).get(2, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(TelegramApiRequestException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(409));
        CompletableFuture<ArrayList<Update>> survivor = first.isCompletedExceptionally() ? second : first;
        int update = tg.sendText(chat, alice, "still polling").updateId();
        assertThat(ids(survivor.get(2, TimeUnit.SECONDS))).containsExactly(update);
    }

    @Test
    void commandsAreStoredPerScopeAndLanguage() throws TelegramApiException {
        client.execute(SetMyCommands.builder().command(new BotCommand("start", "Begin")).build());
        client.execute(SetMyCommands.builder().command(new BotCommand("start", "Начать"))
                .command(new BotCommand("help", "Помощь")).languageCode("ru").build());

        assertThat(client.execute(GetMyCommands.builder().languageCode("ru").build()))
                .extracting(BotCommand::getCommand).containsExactly("start", "help");
        assertThat(tg.commands("")).containsExactly(new BotCommandEntry("start", "Begin"));

        client.execute(DeleteMyCommands.builder().languageCode("ru").build());
        assertThat(tg.commands("ru")).isEmpty();
        assertThat(tg.allCommands()).containsOnlyKeys(CommandsKey.of("default", ""));
    }

    @Test
    void chatActionsDraftsAndDeletionsAreRecorded() throws TelegramApiException {
        client.execute(SendChatAction.builder().chatId(chat.id()).action("typing").build());
        client.execute(SendMessageDraft.builder().chatId(chat.id()).draftId(7).text("Thinking…").build());
        TestChat group = tg.groupChat(-500, "Group");
        assertThatThrownBy(() -> client.execute(SendMessageDraft.builder().chatId(group.id()).draftId(7).text("x").build()))
                .isInstanceOfSatisfying(TelegramApiRequestException.class, e -> assertThat(e.getErrorCode()).isEqualTo(400));
        Message sent = client.execute(text("bye"));
        client.execute(DeleteMessage.builder().chatId(chat.id()).messageId(sent.getMessageId()).build());

        assertThat(tg.chatActions(chat.id())).extracting(ChatAction::action).containsExactly("typing");
        assertThat(tg.drafts(chat.id())).extracting(MessageDraft::draftId, MessageDraft::text)
                .containsExactly(tuple(7, "Thinking…"));
        assertThat(tg.isDeleted(chat.id(), sent.getMessageId())).isTrue();
        assertThat(tg.botMessages(chat.id())).isEmpty();
        assertThatThrownBy(() -> client.execute(DeleteMessage.builder().chatId(chat.id()).messageId(sent.getMessageId()).build()))
                .isInstanceOfSatisfying(TelegramApiRequestException.class,
                        e -> assertThat(e.getApiResponse()).isEqualTo("Bad Request: message to delete not found"));
    }

    @Test
    void concurrentSendsGetDistinctIncreasingIds() throws Exception {
        List<CompletableFuture<Message>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            futures.add(client.executeAsync(text("m" + i)));
        }

        List<Integer> ids = new ArrayList<>();
        for (CompletableFuture<Message> future : futures) {
            ids.add(future.get(5, TimeUnit.SECONDS).getMessageId());
        }

        assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isBetween(1, 40));
        assertThat(tg.botMessages(chat.id())).extracting(BotMessage::messageId).isSorted().hasSize(40);
    }

    @Test
    void userEditsArriveAsEditedMessages() throws TelegramApiException {
        UserMessage original = tg.sendText(chat, alice, "helo");
        UserMessage edited = tg.editText(original, "hello");

        List<Update> updates = client.execute(GetUpdates.builder().build());

        assertThat(ids(updates)).containsExactly(original.updateId(), edited.updateId());
        Message message = updates.get(1).getEditedMessage();
        assertThat(message.getMessageId()).isEqualTo(original.messageId());
        assertThat(message.getText()).isEqualTo("hello");
        assertThat(message.getEditDate()).isNotNull();
    }

    /** GET {@code /file/bot<token>/<file_path>} on the emulator. */
    private byte[] download(org.telegram.telegrambots.meta.api.objects.File file) throws java.io.IOException {
        okhttp3.Request request = new okhttp3.Request.Builder()
                .url(tg.baseUrl() + "/file/bot" + TOKEN + "/" + file.getFilePath()).build();
        try (okhttp3.Response response = okHttp.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
            return response.body().bytes();
        }
    }

    private SendMessage text(String text) {
        return SendMessage.builder().chatId(chat.id()).text(text).build();
    }

    private EditMessageText.EditMessageTextBuilder<?, ?> edit(int messageId, String text) {
        return EditMessageText.builder().chatId(chat.id()).messageId(messageId).text(text);
    }

    private static InlineKeyboardMarkup keyboard(String label1, String data1, String label2, String data2) {
        return InlineKeyboardMarkup.builder().keyboardRow(new InlineKeyboardRow(
                InlineKeyboardButton.builder().text(label1).callbackData(data1).build(),
                InlineKeyboardButton.builder().text(label2).callbackData(data2).build())).build();
    }

    private static List<Integer> ids(List<Update> updates) {
        return updates.stream().map(Update::getUpdateId).toList();
    }
}
