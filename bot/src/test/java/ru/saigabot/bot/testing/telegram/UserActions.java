package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns what a test user does into the updates Telegram would deliver to the bot. */
final class UserActions {

    /** A command as Telegram recognizes it at the start of a message: /name or /name@botname. */
    private static final Pattern COMMAND = Pattern.compile("^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{1,32})?");

    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_])@[A-Za-z0-9_]{5,32}");

    private final ChatStore chats;
    private final FileStore files;
    private final UpdateQueue updates;
    private final BotActivity activity;
    private final TelegramJson json;

    UserActions(ChatStore chats, FileStore files, UpdateQueue updates, BotActivity activity, TelegramJson json) {
        this.chats = chats;
        this.files = files;
        this.updates = updates;
        this.activity = activity;
        this.json = json;
    }

    UserMessage sendText(TestChat chat, TestUser from, String text, Integer replyToMessageId) {
        return sendText(chat, from, text, replyToMessageId, null);
    }

    /** {@code threadId}: the forum topic, or null. */
    UserMessage sendText(TestChat chat, TestUser from, String text, Integer replyToMessageId, Integer threadId) {
        return sendText(chat, from, null, text, replyToMessageId, threadId);
    }

    /** {@code senderChat}: the chat the message is sent on behalf of (Telegram's sender_chat), or null. */
    UserMessage sendText(TestChat chat, TestUser from, TestChat senderChat, String text, Integer replyToMessageId,
                         Integer threadId) {
        requireKnown(chat);
        if (replyToMessageId != null && chats.find(chat.id(), replyToMessageId).isEmpty()) {
            throw new IllegalArgumentException("no message " + replyToMessageId + " in chat " + chat.id());
        }
        MessageVersion version = new MessageVersion(Instant.now(), text, null, text, entities(text), null);
        StoredMessage message = chats.add(chat.id(),
                id -> new StoredMessage(chat.id(), id, from, replyToMessageId, threadId, List.of(version), false,
                        senderChat));
        int updateId = enqueue("message", json.message(message, chats));
        return new UserMessage(chat.id(), message.messageId(), from, text, updateId);
    }

    /**
     * The user sends a file: a message with a document (and its caption, whose commands and mentions get
     * caption_entities as a text's would), the file kept for getFile and download under the document's file_id.
     */
    UserDocument sendDocument(TestChat chat, TestUser from, String fileName, String mimeType, byte[] content,
                              String caption) {
        requireKnown(chat);
        if (content.length == 0) {
            throw new IllegalArgumentException("Telegram delivers no empty files; give " + fileName + " some bytes");
        }
        String text = caption == null ? "" : caption;
        MessageVersion version = new MessageVersion(Instant.now(), text, null, text, entities(text), null);
        SentDocument document = new SentDocument(fileName, mimeType, content);
        StoredMessage message = chats.add(chat.id(),
                id -> new StoredMessage(chat.id(), id, from, null, null, List.of(version), false, null, document));
        FileStore.StoredFile file = files.add(chat.id(), message.messageId(), fileName, content);
        int updateId = enqueue("message", json.message(message, chats));
        return new UserDocument(chat.id(), message.messageId(), from, file.fileId(), file.fileUniqueId(), fileName,
                mimeType, file.size(), caption, updateId);
    }

    /** The user edits their message: an edited_message update carrying the new text and edit_date. */
    UserMessage editText(UserMessage original, String newText) {
        MessageVersion version = new MessageVersion(Instant.now(), newText, null, newText, entities(newText), null);
        StoredMessage edited = chats.modify(original.chatId(), original.messageId(),
                () -> new IllegalArgumentException("message " + original.messageId() + " no longer exists"),
                m -> m.withVersion(version));
        int updateId = enqueue("edited_message", json.message(edited, chats));
        return new UserMessage(original.chatId(), original.messageId(), original.from(), newText, updateId);
    }

    /**
     * The user presses a button of {@code seen}, the message as the test last saw it (a stale snapshot is
     * allowed, as a slow client can show an old keyboard); the update carries the message's current state.
     */
    CallbackPress pressButton(TestUser user, BotMessage seen, String callbackData) {
        if (seen.buttons().stream().noneMatch(b -> callbackData.equals(b.callbackData()))) {
            throw new IllegalArgumentException("no button with callback_data '" + callbackData + "' in " + seen);
        }
        return sendCallback(user, seen, callbackData);
    }

    /** A modified client sending callback data that no button of the message carries. */
    CallbackPress forgeCallback(TestUser user, BotMessage seen, String callbackData) {
        return sendCallback(user, seen, callbackData);
    }

    private CallbackPress sendCallback(TestUser user, BotMessage seen, String callbackData) {
        StoredMessage current = chats.find(seen.chatId(), seen.messageId()).orElseThrow(
                () -> new IllegalArgumentException("the bot deleted the message: " + seen));
        String queryId = activity.openCallbackQuery();
        ObjectNode query = JsonNodeFactory.instance.objectNode().put("id", queryId);
        query.set("from", json.user(user));
        query.set("message", json.message(current, chats));
        query.put("chat_instance", Long.toString(seen.chatId() * 31 + 7)); // stable per chat, like Telegram's
        query.put("data", callbackData);
        int updateId = enqueue("callback_query", query);
        return new CallbackPress(queryId, updateId, seen.chatId(), seen.messageId(), callbackData);
    }

    /** A message_reaction update; {@code emoji} null removes the user's reaction. */
    int react(TestChat chat, TestUser user, int messageId, String emoji) {
        requireKnown(chat);
        if (chats.find(chat.id(), messageId).isEmpty()) {
            throw new IllegalArgumentException("no message " + messageId + " in chat " + chat.id());
        }
        String previous = chats.swapReaction(chat.id(), messageId, user.id(), emoji);
        ObjectNode reaction = JsonNodeFactory.instance.objectNode();
        reaction.set("chat", json.chat(chat));
        reaction.put("message_id", messageId);
        reaction.set("user", json.user(user));
        reaction.put("date", TelegramJson.epochSeconds(Instant.now()));
        reaction.set("old_reaction", reactionList(previous));
        reaction.set("new_reaction", reactionList(emoji));
        return enqueue("message_reaction", reaction);
    }

    /** ReactionType list: empty for "no reaction". */
    private static ArrayNode reactionList(String emoji) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        if (emoji != null) {
            list.addObject().put("type", "emoji").put("emoji", emoji);
        }
        return list;
    }

    private int enqueue(String type, ObjectNode payload) {
        ObjectNode update = JsonNodeFactory.instance.objectNode();
        update.set(type, payload);
        return updates.enqueue(update);
    }

    private void requireKnown(TestChat chat) {
        if (chats.chat(chat.id()).isEmpty()) {
            throw new IllegalArgumentException("create the chat with privateChat/groupChat first: " + chat);
        }
    }

    /**
     * Telegram marks a leading command with a bot_command entity, and every @username with a mention
     * entity; bots rely on them to route commands and notice they are addressed.
     */
    private static List<TextEntity> entities(String text) {
        List<TextEntity> entities = new java.util.ArrayList<>();
        Matcher command = COMMAND.matcher(text);
        if (command.find()) {
            entities.add(new TextEntity("bot_command", 0, command.end(), null));
        }
        Matcher mention = MENTION.matcher(text);
        while (mention.find()) {
            if (entities.isEmpty() || mention.start() >= entities.get(0).length()) {
                entities.add(new TextEntity("mention", mention.start(), mention.end() - mention.start(), null));
            }
        }
        return entities;
    }
}
