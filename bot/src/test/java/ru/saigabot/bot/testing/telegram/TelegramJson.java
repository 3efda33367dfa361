package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Bot API object shapes (User, Chat, Message, MessageEntity, Document) as Telegram serializes them. */
final class TelegramJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final TestUser bot;

    TelegramJson(TestUser bot) {
        this.bot = bot;
    }

    /** getMe's answer: the bot's User with the bot-only capability fields. */
    ObjectNode me() {
        return user(bot, true)
                .put("can_join_groups", true)
                .put("can_read_all_group_messages", false)
                .put("supports_inline_queries", false)
                .put("can_connect_to_business", false)
                .put("has_main_web_app", false);
    }

    ObjectNode user(TestUser user) {
        return user(user, false);
    }

    ObjectNode chat(TestChat chat) {
        ObjectNode node = NODES.objectNode().put("id", chat.id()).put("type", chat.type());
        if (chat.isPrivate()) {
            node.put("first_name", chat.user().firstName());
            putIfNotNull(node, "username", chat.user().username());
        } else {
            node.put("title", chat.title());
        }
        if (chat.forum()) {
            node.put("is_forum", true);
        }
        return node;
    }

    /**
     * A Message. {@code replyTo} (nullable) is embedded one level deep, as Telegram does; only inline
     * keyboards are echoed in reply_markup (reply keyboards never appear in a Message).
     */
    ObjectNode message(StoredMessage message, TestChat chat, StoredMessage replyTo) {
        MessageVersion current = message.current();
        ObjectNode node = NODES.objectNode().put("message_id", message.messageId());
        if (message.messageThreadId() != null) {
            node.put("message_thread_id", message.messageThreadId());
            if (chat.forum()) {
                node.put("is_topic_message", true);
            }
        }
        node.set("from", message.fromBot() ? user(bot, true) : user(message.author()));
        if (message.senderChat() != null) {
            node.set("sender_chat", chat(message.senderChat()));
        }
        node.set("chat", chat(chat));
        node.put("date", epochSeconds(message.history().get(0).at()));
        if (message.edited()) {
            node.put("edit_date", epochSeconds(current.at()));
        }
        if (replyTo != null) {
            node.set("reply_to_message", message(replyTo, chat, null));
        }
        if (message.document() != null) {
            node.set("document", document(message));
            if (!current.plainText().isEmpty()) {
                node.put("caption", current.plainText());
            }
            if (!current.entities().isEmpty()) {
                node.set("caption_entities", entities(current));
            }
        } else {
            node.put("text", current.plainText());
            if (!current.entities().isEmpty()) {
                node.set("entities", entities(current));
            }
        }
        if (current.inlineMarkup() != null) {
            node.set("reply_markup", current.inlineMarkup().deepCopy());
        }
        return node;
    }

    /**
     * A Document in the Bot API server's order: file_name and mime_type when known, then the file's file_id,
     * file_unique_id and file_size.
     */
    private static ObjectNode document(StoredMessage message) {
        SentDocument document = message.document();
        ObjectNode file = NODES.objectNode();
        putIfNotNull(file, "file_name", document.fileName());
        putIfNotNull(file, "mime_type", document.mimeType());
        return file.put("file_id", FileStore.fileIdOf(message.chatId(), message.messageId()))
                .put("file_unique_id", FileStore.fileUniqueIdOf(message.chatId(), message.messageId()))
                .put("file_size", document.size());
    }

    /** A Message with its chat and reply target looked up in {@code chats}. */
    ObjectNode message(StoredMessage message, ChatStore chats) {
        TestChat chat = chats.chat(message.chatId()).orElseThrow();
        return message(message, chat, chats.replyTarget(message).orElse(null));
    }

    /** A ChatMember: "creator", "administrator" or "member", with the fields each status requires. */
    ObjectNode chatMember(TestUser user, String status) {
        ObjectNode node = NODES.objectNode().put("status", status);
        node.set("user", user(user));
        if (status.equals("administrator")) {
            node.put("can_be_edited", false).put("is_anonymous", false).put("can_manage_chat", true)
                    .put("can_delete_messages", true).put("can_manage_video_chats", true)
                    .put("can_restrict_members", true).put("can_promote_members", false)
                    .put("can_change_info", true).put("can_invite_users", true).put("can_post_stories", false)
                    .put("can_edit_stories", false).put("can_delete_stories", false);
        } else if (status.equals("creator")) {
            node.put("is_anonymous", false);
        }
        return node;
    }

    static long epochSeconds(Instant instant) {
        return instant.getEpochSecond();
    }

    private ArrayNode entities(MessageVersion version) {
        ArrayNode array = NODES.arrayNode();
        for (TextEntity entity : version.entities()) {
            ObjectNode node = array.addObject()
                    .put("type", entity.type()).put("offset", entity.offset()).put("length", entity.length());
            putIfNotNull(node, "url", entity.url());
            putIfNotNull(node, "language", entity.language());
        }
        return array;
    }

    private static ObjectNode user(TestUser user, boolean isBot) {
        ObjectNode node = NODES.objectNode().put("id", user.id()).put("is_bot", isBot)
                .put("first_name", user.firstName());
        putIfNotNull(node, "username", user.username());
        putIfNotNull(node, "language_code", user.languageCode());
        return node;
    }

    private static void putIfNotNull(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
