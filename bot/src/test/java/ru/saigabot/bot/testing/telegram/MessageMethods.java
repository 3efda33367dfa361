package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** sendMessage, sendDocument, editMessageText, editMessageReplyMarkup and deleteMessage. */
final class MessageMethods {

    /** Telegram's limit for a caption, counted after entity parsing. */
    static final int MAX_CAPTION_LENGTH = 1024;
    private static final String NOT_MODIFIED = "message is not modified: specified new message content and "
            + "reply markup are exactly the same as a current content and reply markup of the message";

    private final ChatStore chats;
    private final FileStore files;
    private final TelegramJson json;

    MessageMethods(ChatStore chats, FileStore files, TelegramJson json) {
        this.chats = chats;
        this.files = files;
        this.json = json;
    }

    void registerOn(MethodRouter router) {
        router.register("sendMessage", this::sendMessage)
                .register("sendDocument", this::sendDocument)
                .register("editMessageText", this::editMessageText)
                .register("editMessageReplyMarkup", this::editMessageReplyMarkup)
                .register("deleteMessage", this::deleteMessage)
                .register("getChatMember", this::getChatMember);
    }

    private JsonNode sendMessage(RequestParams params) {
        TestChat chat = chats.requireChat(params);
        MessageVersion version = textVersion(params);
        Integer threadId = params.intValue("message_thread_id").orElse(null);
        Integer replyTo = replyTarget(params, chat);
        StoredMessage sent = chats.add(chat.id(),
                id -> new StoredMessage(chat.id(), id, null, replyTo, threadId, List.of(version), false));
        return json.message(sent, chats);
    }

    /**
     * A new file, uploaded as multipart/form-data (a file_id or a URL is not emulated), with an optional caption
     * that follows parse_mode like a message's text, up to 1,024 characters.
     */
    private JsonNode sendDocument(RequestParams params) {
        TestChat chat = chats.requireChat(params);
        // The file is the part named "document", or the part "document" names as attach://<part> (as
        // TelegramBots' own client sends it).
        RequestParams.Upload upload = params.file("document").or(() -> params.string("document")
                        .filter(value -> value.startsWith("attach://"))
                        .flatMap(value -> params.file(value.substring("attach://".length()))))
                .orElseThrow(() -> ApiError.badRequest("there is no document in the request"));
        if (upload.content().length == 0) {
            throw ApiError.badRequest("file must be non-empty");
        }
        String caption = params.string("caption").orElse("");
        String parseMode = params.string("parse_mode").orElse(null);
        FormattedText formatted = caption.isEmpty() ? new FormattedText("", List.of())
                : FormattedText.of(caption, parseMode);
        if (formatted.plainText().length() > MAX_CAPTION_LENGTH) {
            throw ApiError.badRequest("message caption is too long");
        }
        MessageVersion version = new MessageVersion(Instant.now(), caption, parseMode, formatted.plainText(),
                formatted.entities(), replyMarkup(params));
        Integer threadId = params.intValue("message_thread_id").orElse(null);
        Integer replyTo = replyTarget(params, chat);
        SentDocument document = new SentDocument(upload.fileName(), upload.contentType(), upload.content());
        StoredMessage sent = chats.add(chat.id(), id -> new StoredMessage(chat.id(), id, null, replyTo, threadId,
                List.of(version), false, null, document));
        // Telegram lets a bot getFile any file it has seen, its own uploads included.
        files.add(chat.id(), sent.messageId(), upload.fileName(), upload.content());
        return json.message(sent, chats);
    }

    /**
     * Like Telegram: leaving out reply_markup removes the inline keyboard, and an edit that changes
     * neither text, formatting nor keyboard is rejected with "message is not modified".
     */
    private JsonNode editMessageText(RequestParams params) {
        TestChat chat = chats.requireChat(params);
        int messageId = messageId(params);
        MessageVersion next = textVersion(params);
        return json.message(chats.modify(chat.id(), messageId,
                () -> ApiError.badRequest("message to edit not found"), m -> edit(m, next)), chats);
    }

    private JsonNode editMessageReplyMarkup(RequestParams params) {
        TestChat chat = chats.requireChat(params);
        int messageId = messageId(params);
        JsonNode markup = replyMarkup(params);
        return json.message(chats.modify(chat.id(), messageId,
                () -> ApiError.badRequest("message to edit not found"), m -> {
                    MessageVersion cur = m.current();
                    return edit(m, new MessageVersion(Instant.now(), cur.text(), cur.parseMode(), cur.plainText(),
                            cur.entities(), markup));
                }), chats);
    }

    /** Members are "member" unless a test made them admins; private chats have no members to ask about. */
    private JsonNode getChatMember(RequestParams params) {
        TestChat chat = chats.requireChat(params);
        long userId = params.string("user_id").map(Long::parseLong)
                .orElseThrow(() -> ApiError.badRequest("user_id is empty"));
        if (chat.isPrivate()) {
            throw ApiError.badRequest("method is available only for supergroups and channel");
        }
        return json.chatMember(TestUser.of(userId, "Member", null), chats.memberStatus(chat.id(), userId));
    }

    private JsonNode deleteMessage(RequestParams params) {
        TestChat chat = chats.requireChat(params);
        chats.modify(chat.id(), messageId(params), () -> ApiError.badRequest("message to delete not found"),
                StoredMessage::asDeleted);
        return BooleanNode.TRUE;
    }

    private static StoredMessage edit(StoredMessage message, MessageVersion next) {
        if (!message.fromBot()) {
            throw ApiError.badRequest("message can't be edited");
        }
        MessageVersion cur = message.current();
        if (cur.plainText().equals(next.plainText()) && cur.entities().equals(next.entities())
                && Objects.equals(cur.inlineMarkup(), next.inlineMarkup())) {
            throw ApiError.badRequest(NOT_MODIFIED);
        }
        return message.withVersion(next);
    }

    private static MessageVersion textVersion(RequestParams params) {
        String text = params.string("text").orElse("");
        String parseMode = params.string("parse_mode").orElse(null);
        FormattedText formatted = FormattedText.forMessage(text, parseMode);
        return new MessageVersion(Instant.now(), text, parseMode, formatted.plainText(), formatted.entities(),
                replyMarkup(params));
    }

    private static JsonNode replyMarkup(RequestParams params) {
        JsonNode markup = params.structured("reply_markup", "can't parse reply keyboard markup JSON object")
                .orElse(null);
        InlineKeyboards.validate(markup);
        return markup;
    }

    private static int messageId(RequestParams params) {
        if (params.has("inline_message_id")) {
            throw ApiError.badRequest("MESSAGE_ID_INVALID"); // inline-mode messages are not emulated
        }
        return params.intValue("message_id")
                .orElseThrow(() -> ApiError.badRequest("message identifier is not specified"));
    }

    /** reply_parameters (current API) or reply_to_message_id (legacy); same-chat replies only. */
    private Integer replyTarget(RequestParams params, TestChat chat) {
        JsonNode replyParameters = params.structured("reply_parameters", "can't parse reply parameters JSON object")
                .orElse(null);
        Integer target = replyParameters != null && replyParameters.hasNonNull("message_id")
                ? Integer.valueOf(replyParameters.get("message_id").asInt())
                : params.intValue("reply_to_message_id").orElse(null);
        if (target == null || chats.find(chat.id(), target).isPresent()) {
            return target;
        }
        boolean allowWithoutReply = params.flag("allow_sending_without_reply")
                || replyParameters != null && replyParameters.path("allow_sending_without_reply").asBoolean(false);
        if (allowWithoutReply) {
            return null;
        }
        throw ApiError.badRequest("message to be replied not found");
    }
}
