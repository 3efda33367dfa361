package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * A Telegram Bot API emulator on 127.0.0.1 for tests: the bot talks to it with its real client while
 * the test acts as users and inspects what the bot did.
 *
 * <pre>{@code
 * try (BotApiEmulator tg = BotApiEmulator.start("123456:TEST")) {
 *     TelegramClient client = new OkHttpTelegramClient(new OkHttpClient(), tg.token(), tg.telegramUrl());
 *     TestUser alice = tg.user(42, "Alice", "ru");
 *     TestChat chat = tg.privateChat(alice);
 *     tg.sendText(chat, alice, "/start");            // the bot receives it via getUpdates
 *     BotMessage reply = tg.awaitBotMessage(chat.id(), m -> m.text().contains("Hi"), Duration.ofSeconds(5));
 *     CallbackPress press = tg.pressButton(alice, reply, "lang:en");
 *     tg.awaitCallbackAnswered(press.queryId(), Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * Everything is thread-safe. Waiting methods throw {@link AssertionError} on timeout.
 */
public final class BotApiEmulator implements AutoCloseable {

    /**
     * The name a file download ({@code GET /file/bot<token>/<file_path>}) goes by in {@link #calls(String)} and in
     * {@link FaultInjector}: not a Bot API method, so it cannot clash with one.
     */
    public static final String FILE_DOWNLOAD = "file download";

    private final String token;
    private final TestUser bot;
    private final ChatStore chats = new ChatStore();
    private final FileStore files = new FileStore();
    private final UpdateQueue updates = new UpdateQueue();
    private final BotActivity activity = new BotActivity();
    private final CallLog callLog = new CallLog();
    private final FaultInjector faults = new FaultInjector();
    private final UserActions users;
    private final BotApiHttpServer server;

    private BotApiEmulator(String token, String botUsername) {
        this.token = token;
        this.bot = new TestUser(botIdOf(token), "Saiga Test Bot", botUsername, null);
        TelegramJson json = new TelegramJson(bot);
        MethodRouter router = new MethodRouter();
        new MessageMethods(chats, files, json).registerOn(router);
        new BotMethods(chats, activity, updates, json).registerOn(router);
        new FileMethods(files).registerOn(router);
        this.users = new UserActions(chats, files, updates, activity, json);
        this.server = new BotApiHttpServer(token, router, files, callLog, faults, new ObjectMapper());
    }

    /** Starts an emulator on a free port; the bot user's id is the token's numeric prefix, as in Telegram. */
    public static BotApiEmulator start(String token) {
        return start(token, "saiga_test_bot");
    }

    public static BotApiEmulator start(String token, String botUsername) {
        BotApiEmulator emulator = new BotApiEmulator(token, botUsername);
        emulator.server.start();
        return emulator;
    }

    // ---- connection ------------------------------------------------------------------------------

    public int port() {
        return server.port();
    }

    /**
     * {@code http://127.0.0.1:PORT}; methods live under {@code /bot<token>/<method>}, files under
     * {@code /file/bot<token>/<file_path>}.
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** For {@code new OkHttpTelegramClient(okHttp, token, telegramUrl())}. */
    public TelegramUrl telegramUrl() {
        return new TelegramUrl("http", "127.0.0.1", port(), false);
    }

    public String token() {
        return token;
    }

    /** The bot's own User (what getMe returns and what bot messages carry in {@code from}). */
    public TestUser botUser() {
        return bot;
    }

    /** Misbehaviour on demand: errors, slow or broken answers, 503 while paused. */
    public FaultInjector faults() {
        return faults;
    }

    /** Telegram unreachable: the port stops listening (connection refused); waiting long polls end. */
    public void stopAccepting() {
        server.stopAccepting();
        updates.abortWaitingPolls();
    }

    /** Listens again on the same port; all state is kept. */
    public void startAccepting() {
        server.startAccepting();
    }

    @Override
    public void close() {
        updates.close();
        server.close();
    }

    // ---- acting as users -------------------------------------------------------------------------

    public TestUser user(long id, String firstName, String languageCode) {
        return TestUser.of(id, firstName, languageCode);
    }

    /** The user's private chat with the bot (its id is the user's id). */
    public TestChat privateChat(TestUser user) {
        return chats.register(new TestChat(user.id(), "private", null, user));
    }

    /** A basic group; Telegram gives those negative ids. */
    public TestChat groupChat(long id, String title) {
        return chats.register(new TestChat(id, "group", title, null));
    }

    /** A supergroup; Telegram's ids look like -100xxxxxxxxxx. */
    public TestChat supergroupChat(long id, String title) {
        return chats.register(new TestChat(id, "supergroup", title, null));
    }

    /** A forum supergroup: each topic is a message thread. */
    public TestChat forumChat(long id, String title) {
        return chats.register(new TestChat(id, "supergroup", title, null, true));
    }

    /** The user writes in a forum topic. */
    public UserMessage sendTextInTopic(TestChat chat, TestUser from, int threadId, String text) {
        return users.sendText(chat, from, text, null, threadId);
    }

    /** Makes {@code user} an administrator of {@code chat}, as getChatMember will report. */
    public void makeAdmin(TestChat chat, TestUser user) {
        chats.setMemberStatus(chat.id(), user, "administrator");
    }

    /**
     * A message on behalf of a chat: an anonymous group admin ({@code from} is Telegram's GroupAnonymousBot,
     * {@code senderChat} the group itself) or someone posting as their channel.
     */
    public UserMessage sendTextAs(TestChat chat, TestUser from, TestChat senderChat, String text) {
        return users.sendText(chat, from, senderChat, text, null, null);
    }

    /** The user sends a text message (a leading /command gets a bot_command entity). */
    public UserMessage sendText(TestChat chat, TestUser from, String text) {
        return users.sendText(chat, from, text, null);
    }

    /**
     * The user sends a file, with a caption or none (null): a message whose document carries file_id,
     * file_unique_id, file_name, mime_type (unless null) and file_size. The bot can then getFile and download it;
     * files over 20 MB it cannot, as in Telegram.
     */
    public UserDocument sendDocument(TestChat chat, TestUser from, String fileName, String mimeType, byte[] content,
                                     String caption) {
        return users.sendDocument(chat, from, fileName, mimeType, content, caption);
    }

    /** The user replies to an existing message of the chat (e.g. a bot message). */
    public UserMessage replyText(TestChat chat, TestUser from, int replyToMessageId, String text) {
        return users.sendText(chat, from, text, replyToMessageId);
    }

    /** The user edits one of their messages: an edited_message update. */
    public UserMessage editText(UserMessage message, String newText) {
        return users.editText(message, newText);
    }

    /** The user presses the inline button with this callback_data: a callback_query update. */
    public CallbackPress pressButton(TestUser user, BotMessage message, String callbackData) {
        return users.pressButton(user, message, callbackData);
    }

    /** Like {@link #pressButton} but finds the button by its label. */
    /** A hostile client: a callback_query with data that no button of {@code message} carries. */
    public CallbackPress forgeCallback(TestUser user, BotMessage message, String callbackData) {
        return users.forgeCallback(user, message, callbackData);
    }

    public CallbackPress pressButtonLabeled(TestUser user, BotMessage message, String buttonText) {
        InlineButton button = message.button(buttonText).orElseThrow(
                () -> new IllegalArgumentException("no button labeled '" + buttonText + "' in " + message));
        return users.pressButton(user, message, button.callbackData());
    }

    /**
     * The user sets (or with null clears) an emoji reaction: a message_reaction update, which Telegram
     * only delivers if the bot listed "message_reaction" in allowed_updates. Returns the update_id.
     */
    public int react(TestChat chat, TestUser user, int messageId, String emoji) {
        return users.react(chat, user, messageId, emoji);
    }

    /** Escape hatch: any update JSON, e.g. {@code {"my_chat_member": {...}}}; update_id is assigned. */
    public int enqueueRawUpdate(ObjectNode update) {
        return updates.enqueue(update);
    }

    /**
     * Escape hatch for what Telegram never sends: the update with the update_id it carries (one already delivered,
     * or lower than the last), delivered after everything pending.
     */
    public int enqueueVerbatim(ObjectNode update) {
        return updates.enqueueVerbatim(update);
    }

    // ---- update delivery ------------------------------------------------------------------------

    /** True once a getUpdates offset (or deleteWebhook with drop_pending_updates) passed the update. */
    public boolean isConfirmed(int updateId) {
        return updates.isConfirmed(updateId);
    }

    public void awaitConfirmed(int updateId, Duration timeout) {
        if (!updates.awaitConfirmed(updateId, timeout)) {
            throw new AssertionError("update " + updateId + " not confirmed within " + timeout.toMillis()
                    + " ms; getUpdates offsets so far: " + getUpdatesOffsets());
        }
    }

    public int pendingUpdateCount() {
        return updates.pendingCount();
    }

    public int getUpdatesCount() {
        return callLog.of("getUpdates").size();
    }

    /** The offset of every getUpdates call in order; 0 when the call carried none (same meaning). */
    public List<Integer> getUpdatesOffsets() {
        return callLog.of("getUpdates").stream()
                .map(c -> c.params().path("offset").asInt(0))
                .toList();
    }

    // ---- what the bot did ------------------------------------------------------------------------

    public List<ApiCall> calls() {
        return callLog.all();
    }

    /** Calls numbered {@code seq} ({@link ApiCall#seq()}) and later, in order. */
    public List<ApiCall> callsSince(int seq) {
        return callLog.since(seq);
    }

    /** The number the next call will get. */
    public int nextCallSeq() {
        return callLog.nextSeq();
    }

    /**
     * Forgets the calls numbered below {@code seq}, for a benchmark that reads calls as they come and would
     * otherwise keep hundreds of thousands of them on the heap. {@link #calls()} then starts at {@code seq}.
     */
    public void releaseCallsBefore(int seq) {
        callLog.releaseBefore(seq);
    }

    /** Calls of one method (case-insensitive), in order. */
    public List<ApiCall> calls(String method) {
        return callLog.of(method);
    }

    /** The first call of {@code method} (possibly one already made). */
    public ApiCall awaitCall(String method, Duration timeout) {
        return awaitCall(method, call -> true, timeout);
    }

    /** The first call of {@code method} matching {@code filter}, e.g. {@code c -> c.seq() > mark}. */
    public ApiCall awaitCall(String method, Predicate<ApiCall> filter, Duration timeout) {
        return Monitor.orElseTimeout(callLog.await(method, filter, timeout), timeout,
                () -> "a matching " + method + " call; calls so far: " + callLog.all().stream()
                        .map(ApiCall::method).toList());
    }

    /**
     * Every download of a file (with this token), in order, whether it was served or not: its params hold the
     * file_path and, for a path that names a file, the file_id.
     */
    public List<ApiCall> downloads() {
        return callLog.of(FILE_DOWNLOAD);
    }

    /** The downloads of one file ({@link UserDocument#fileId()}), in order. */
    public List<ApiCall> downloads(String fileId) {
        return downloads().stream().filter(call -> fileId.equals(call.param("file_id"))).toList();
    }

    /** Current state of the bot's messages in the chat that were not deleted, oldest first. */
    public List<BotMessage> botMessages(long chatId) {
        return chats.botMessages(chatId);
    }

    public Optional<BotMessage> lastBotMessage(long chatId) {
        List<BotMessage> messages = botMessages(chatId);
        return messages.isEmpty() ? Optional.empty() : Optional.of(messages.get(messages.size() - 1));
    }

    public Optional<BotMessage> botMessage(long chatId, int messageId) {
        return botMessages(chatId).stream().filter(m -> m.messageId() == messageId).findFirst();
    }

    /** Waits until some bot message's current state matches (a new message or an edit); the newest wins. */
    public BotMessage awaitBotMessage(long chatId, Predicate<BotMessage> filter, Duration timeout) {
        return Monitor.orElseTimeout(chats.awaitBotMessage(chatId, filter, timeout), timeout,
                () -> "a matching bot message in chat " + chatId + "; bot messages: " + botMessages(chatId));
    }

    public boolean isDeleted(long chatId, int messageId) {
        return chats.isDeleted(chatId, messageId);
    }

    /** The list setMyCommands stored for exactly this scope and language; empty if none. */
    public List<BotCommandEntry> commands(CommandsKey key) {
        return activity.commands(key);
    }

    /** Commands for the default scope and this language code ("" for all languages). */
    public List<BotCommandEntry> commands(String languageCode) {
        return activity.commands(CommandsKey.of("default", languageCode));
    }

    public Map<CommandsKey, List<BotCommandEntry>> allCommands() {
        return activity.allCommands();
    }

    public List<ChatAction> chatActions(long chatId) {
        return activity.chatActions(chatId);
    }

    /** Waits for a message draft (sendMessageDraft) in a private chat that matches {@code filter}. */
    public MessageDraft awaitDraft(long chatId, Predicate<MessageDraft> filter, Duration timeout) {
        return Monitor.orElseTimeout(activity.awaitDraft(chatId, filter, timeout), timeout,
                () -> "a matching draft in chat " + chatId + "; drafts: " + drafts(chatId));
    }

    public List<MessageDraft> drafts(long chatId) {
        return activity.drafts(chatId);
    }

    public boolean isCallbackAnswered(String queryId) {
        return activity.callbackAnswer(queryId).isPresent();
    }

    public Optional<CallbackAnswer> callbackAnswer(String queryId) {
        return activity.callbackAnswer(queryId);
    }

    public CallbackAnswer awaitCallbackAnswered(String queryId, Duration timeout) {
        return Monitor.orElseTimeout(activity.awaitCallbackAnswer(queryId, timeout), timeout,
                () -> "answerCallbackQuery for " + queryId);
    }

    /** Telegram tokens are {@code <bot id>:<secret>}; other test tokens get a fixed id. */
    private static long botIdOf(String token) {
        int colon = token.indexOf(':');
        try {
            return Long.parseLong(colon > 0 ? token.substring(0, colon) : token);
        } catch (NumberFormatException e) {
            return 7_000_000_001L;
        }
    }
}
