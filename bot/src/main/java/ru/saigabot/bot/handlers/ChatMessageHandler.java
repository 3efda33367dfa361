package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.access.GroupTrigger;
import ru.saigabot.bot.answer.NewAnswers;
import ru.saigabot.bot.arena.LiveArena;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.generation.Place;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.settings.ChatSettings;
import ru.saigabot.bot.settings.SettingsStore;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.MessageStore;
import ru.saigabot.inference.text.TextSanitizer;

/**
 * A text message: in a private chat always a question; in a group a question when addressed to the bot, otherwise
 * context kept for when it is. A question is stored with its answer request in the update's transaction; its chat's
 * lane answers once that commits. /arena makes the next question (or the text after it) a live battle.
 */
public final class ChatMessageHandler {
    private final ChatStore chats;
    private final MessageStore messages;
    private final SettingsStore settings;
    private final NewAnswers answers;
    private final LiveArena liveArena;
    private final Replies replies;
    private final BotUser bot;

    /** The bot's own account: group messages address it by username or by replying to it. */
    public record BotUser(long id, String username) {}

    public ChatMessageHandler(ChatStore chats, MessageStore messages, SettingsStore settings, NewAnswers answers,
                              LiveArena liveArena, Replies replies, BotUser bot) {
        this.chats = chats;
        this.messages = messages;
        this.settings = settings;
        this.answers = answers;
        this.liveArena = liveArena;
        this.replies = replies;
        this.bot = bot;
    }

    public void register(RouteTable routes) {
        routes.command("arena", Set.of("arena"), this::arena);
        routes.add(new Route<>("chat-message", Route.Stage.MESSAGE, ChatMessageHandler::question,
                (context, message) -> handle(context, message, null)));
    }

    /** A text message from a person in a private chat or a group, that is not a command. */
    private static Optional<Message> question(Update update) {
        return RouteTable.messageFromPerson(update).filter(message -> message.hasText()
                && (message.getChat().isUserChat() || message.getChat().isGroupChat()
                || message.getChat().isSuperGroupChat())
                && Command.parse(message.getText()).isEmpty());
    }

    /** /arena: the next message (or the text after the command) is answered by both live variants, A and B. */
    private void arena(UpdateContext context, Command command) throws SQLException {
        Message message = context.update().getMessage();
        if (!command.arguments().isBlank()) {
            handle(context, message, command.arguments());
            return;
        }
        liveArena.arm(message.getChatId());
        replies.to(context, message, Phrase.ARENA_LIVE_ARMED.in(context.language()));
    }

    /** @param battlePrompt the text after /arena: a battle on it, whoever it addresses; null for a plain message */
    private void handle(UpdateContext context, Message message, String battlePrompt) throws SQLException {
        long chatId = message.getChatId();
        long threadId = Replies.threadOf(message);
        boolean group = !message.getChat().isUserChat();
        ChatSettings chatSettings = settings.get(context.connection(), chatId);
        String text = TextSanitizer.clean(battlePrompt != null ? battlePrompt : message.getText());
        String question = text;
        if (group && battlePrompt == null) {
            boolean repliedToBot = message.getReplyToMessage() != null && message.getReplyToMessage().getFrom() != null
                    && message.getReplyToMessage().getFrom().getId() == bot.id();
            Optional<String> addressed = GroupTrigger.question(text, bot.username(), repliedToBot,
                    chatSettings.shortName());
            if (addressed.isEmpty()) {
                if (context.access().served()) {
                    long conversationId = chats.currentConversation(context, chatId, threadId,
                            chatSettings.newConversationPrompt());
                    messages.addContextMessage(context, conversationId, chatId, context.authorId(),
                            context.authorName(), text, message.getMessageId());
                }
                return;
            }
            question = addressed.get();
        }
        if (!context.access().served()) {
            replies.to(context, message, Phrase.NOT_ALLOWED.in(context.language()));
            return;
        }
        Optional<String> overLimit = Refusals.hourly(context);
        if (overLimit.isPresent()) {
            replies.to(context, message, overLimit.get());
            return;
        }
        long conversationId = chats.currentConversation(context, chatId, threadId,
                chatSettings.newConversationPrompt());
        // The limit on open requests is counted in the database by the insert itself: several messages of one
        // batch commit together, before any is answered.
        GenerationRepository.Enqueued enqueued = answers.ask(context, new GenerationRepository.NewQuestion(
                new Place(chatId, threadId, group), conversationId, context.authorId(), context.authorName(),
                context.language(), question, message.getMessageId()),
                context.access().maxOpenRequests(), battlePrompt != null);
        if (!enqueued.accepted()) {
            replies.to(context, message, Phrase.LIMIT_QUEUED.in(context.language(), enqueued.open()));
            return;
        }
        context.access().countQuestion();
    }
}
