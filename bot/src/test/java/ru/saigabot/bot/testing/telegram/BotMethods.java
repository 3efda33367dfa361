package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Every emulated method that is not about sending or changing messages. */
final class BotMethods {

    private static final Set<String> CHAT_ACTIONS = Set.of("typing", "upload_photo", "record_video",
            "upload_video", "record_voice", "upload_voice", "upload_document", "choose_sticker", "find_location",
            "record_video_note", "upload_video_note");
    /** Documented rule for command names: 1-32 lowercase letters, digits, underscores. */
    private static final Pattern COMMAND = Pattern.compile("[a-z0-9_]{1,32}");

    private final ChatStore chats;
    private final BotActivity activity;
    private final UpdateQueue updates;
    private final TelegramJson json;

    BotMethods(ChatStore chats, BotActivity activity, UpdateQueue updates, TelegramJson json) {
        this.chats = chats;
        this.activity = activity;
        this.updates = updates;
        this.json = json;
    }

    void registerOn(MethodRouter router) {
        router.register("getMe", params -> json.me())
                .register("getUpdates", this::getUpdates)
                .register("deleteWebhook", this::deleteWebhook)
                .register("getWebhookInfo", params -> JsonNodeFactory.instance.objectNode().put("url", "")
                        .put("has_custom_certificate", false).put("pending_update_count", updates.pendingCount()))
                .register("answerCallbackQuery", this::answerCallbackQuery)
                .register("sendChatAction", this::sendChatAction)
                .register("sendMessageDraft", this::sendMessageDraft)
                .register("setMyCommands", this::setMyCommands)
                .register("getMyCommands", this::getMyCommands)
                .register("deleteMyCommands", this::deleteMyCommands);
    }

    private JsonNode getUpdates(RequestParams params) throws InterruptedException {
        List<String> allowed = params.structured("allowed_updates", "can't parse allowed_updates JSON array")
                .map(BotMethods::texts).orElse(null);
        int timeout = Math.max(0, params.intValue("timeout").orElse(0));
        return updates.poll(params.intValue("offset").orElse(0), params.intValue("limit").orElse(100),
                Duration.ofSeconds(timeout), allowed);
    }

    private JsonNode deleteWebhook(RequestParams params) {
        if (params.flag("drop_pending_updates")) {
            updates.dropAll();
        }
        return BooleanNode.TRUE;
    }

    private JsonNode answerCallbackQuery(RequestParams params) {
        String id = params.string("callback_query_id")
                .orElseThrow(() -> ApiError.badRequest("query is too old and response timeout expired or query ID is invalid"));
        activity.answer(new CallbackAnswer(id, params.string("text").orElse(null), params.flag("show_alert"),
                params.string("url").orElse(null), Instant.now()));
        return BooleanNode.TRUE;
    }

    private JsonNode sendChatAction(RequestParams params) {
        TestChat chat = chats.requireChat(params);
        String action = params.string("action").orElse("");
        if (!CHAT_ACTIONS.contains(action)) {
            throw ApiError.badRequest("wrong parameter action in request");
        }
        activity.record(new ChatAction(chat.id(), action, params.intValue("message_thread_id").orElse(null),
                Instant.now()));
        return BooleanNode.TRUE;
    }

    /**
     * Bot API 9.3: streams a partial message to a private chat. The wording of the two draft-specific
     * errors below is the emulator's own; Telegram's exact descriptions are not documented.
     */
    private JsonNode sendMessageDraft(RequestParams params) {
        TestChat chat = chats.requireChat(params);
        if (!chat.isPrivate()) {
            throw ApiError.badRequest("message drafts can be sent only to private chats");
        }
        int draftId = params.intValue("draft_id").orElse(0);
        if (draftId == 0) {
            throw ApiError.badRequest("draft_id must be non-zero");
        }
        String text = params.string("text").orElse("");
        String parseMode = params.string("parse_mode").orElse(null);
        FormattedText formatted = FormattedText.forMessage(text, parseMode);
        activity.record(new MessageDraft(chat.id(), draftId, params.intValue("message_thread_id").orElse(null),
                text, parseMode, formatted.plainText(), Instant.now(), formatted.entities()));
        return BooleanNode.TRUE;
    }

    private JsonNode setMyCommands(RequestParams params) {
        JsonNode list = params.structured("commands", "can't parse commands JSON array")
                .filter(JsonNode::isArray)
                .orElseThrow(() -> ApiError.badRequest("can't parse commands JSON array"));
        List<BotCommandEntry> commands = new ArrayList<>();
        for (JsonNode item : list) {
            String command = item.path("command").asText();
            String description = item.path("description").asText();
            if (!COMMAND.matcher(command).matches()) {
                throw ApiError.badRequest("BOT_COMMAND_INVALID");
            }
            if (description.isBlank() || description.length() > 256) {
                throw ApiError.badRequest("BOT_COMMAND_DESCRIPTION_INVALID"); // wording unverified
            }
            commands.add(new BotCommandEntry(command, description));
        }
        activity.setCommands(commandsKey(params), commands);
        return BooleanNode.TRUE;
    }

    private JsonNode getMyCommands(RequestParams params) {
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        for (BotCommandEntry entry : activity.commands(commandsKey(params))) {
            result.addObject().put("command", entry.command()).put("description", entry.description());
        }
        return result;
    }

    private JsonNode deleteMyCommands(RequestParams params) {
        activity.deleteCommands(commandsKey(params));
        return BooleanNode.TRUE;
    }

    private static CommandsKey commandsKey(RequestParams params) {
        JsonNode scope = params.structured("scope", "can't parse BotCommandScope JSON object")
                .orElse(JsonNodeFactory.instance.objectNode());
        return new CommandsKey(scope.path("type").asText("default"),
                scope.hasNonNull("chat_id") ? scope.get("chat_id").asText() : null,
                scope.hasNonNull("user_id") ? scope.get("user_id").asLong() : null,
                params.string("language_code").orElse(""));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.asText()));
        return values;
    }
}
