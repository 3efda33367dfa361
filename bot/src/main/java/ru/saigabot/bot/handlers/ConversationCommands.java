package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.access.GroupAdmins;
import ru.saigabot.bot.answer.AnswerService;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.ConversationCallback;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.generation.GenerationQueries;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.generation.StopScope;
import ru.saigabot.bot.render.Keyboards;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.settings.ChatSettings;
import ru.saigabot.bot.settings.SettingsStore;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.MessageStore;

/** /new (/reset), /stop, /system and /chats: which conversation a chat is in, and how it starts. */
public final class ConversationCommands {
    private static final int CHATS_LISTED = 10;

    private final Replies replies;
    private final ChatStore chats;
    private final MessageStore messages;
    private final GenerationRepository generations;
    private final GenerationQueries queries;
    private final SettingsStore settings;
    private final AnswerService answers;
    private final GroupAdmins admins;

    public ConversationCommands(Replies replies, ChatStore chats, MessageStore messages,
                                GenerationRepository generations, GenerationQueries queries, SettingsStore settings,
                                AnswerService answers, GroupAdmins admins) {
        this.replies = replies;
        this.chats = chats;
        this.messages = messages;
        this.generations = generations;
        this.queries = queries;
        this.settings = settings;
        this.answers = answers;
        this.admins = admins;
    }

    public void register(RouteTable routes) {
        routes.command("new", Set.of("new", "reset"), this::startNew)
                .command("stop", Set.of("stop"), this::stop)
                .command("system", Set.of("system"), this::system)
                .command("chats", Set.of("chats"), this::list)
                .callback("chats-switch", ConversationCallback::unpack, this::switchTo);
    }

    private void startNew(UpdateContext context, Command command) throws SQLException {
        Message message = context.update().getMessage();
        startConversation(context, message, settings.get(context.connection(), message.getChatId()));
        replies.to(context, message, Phrase.NEW_CONVERSATION.in(context.language()));
    }

    /**
     * /stop in a private chat stops its answers; in a group, the requester's own answers in that topic, or everyone's
     * there when a group admin sends it: nobody stops an answer someone else is waiting for.
     */
    private void stop(UpdateContext context, Command command) throws SQLException {
        Message message = context.update().getMessage();
        long threadId = Replies.threadOf(message);
        // Telegram is asked whether the sender is a group admin only when that changes what stops.
        boolean everyone = message.getChat().isUserChat()
                || queries.othersOpen(context.connection(), message.getChatId(), threadId, context.authorId())
                && admins.mayChangeSettings(message);
        StopScope scope = new StopScope(message.getChatId(), threadId, everyone ? null : context.authorId());
        int cancelled = generations.cancelQueued(context, scope);
        String language = context.language();
        context.afterCommit(() -> {
            boolean stopped = answers.stop(scope);
            if (!stopped && cancelled == 0) {
                replies.now(message, Phrase.NOTHING_TO_STOP.in(language));
            }
        });
        if (cancelled > 0) {
            replies.needed(context, message, Phrase.STOPPED.in(language));
        }
    }

    private void system(UpdateContext context, Command command) throws SQLException {
        Message message = context.update().getMessage();
        long chatId = message.getChatId();
        String language = context.language();
        String argument = command.arguments();
        ChatSettings current = settings.get(context.connection(), chatId);
        if (argument.isEmpty()) {
            long conversationId = chats.currentConversation(context, chatId, Replies.threadOf(message),
                    current.newConversationPrompt());
            replies.to(context, message, Phrase.SYSTEM_SHOW.in(language,
                    messages.systemPrompt(context.connection(), chatId, conversationId)));
            return;
        }
        if (!admins.mayChangeSettings(message)) {
            replies.to(context, message, Phrase.ADMINS_ONLY.in(language));
            return;
        }
        if (argument.length() > ChatSettings.MAX_SYSTEM_PROMPT_CHARS) {
            replies.to(context, message, Phrase.SYSTEM_TOO_LONG.in(language, argument.length(),
                    ChatSettings.MAX_SYSTEM_PROMPT_CHARS));
            return;
        }
        boolean reset = argument.equalsIgnoreCase("reset");
        ChatSettings updated = current.withSystemPrompt(reset ? null : argument);
        settings.save(context, chatId, updated);
        // The export needs the prompt a conversation really used, so a new prompt means a new conversation.
        startConversation(context, message, updated);
        replies.to(context, message, (reset ? Phrase.SYSTEM_RESET : Phrase.SYSTEM_SET).in(language));
    }

    private void list(UpdateContext context, Command command) throws SQLException {
        Message message = context.update().getMessage();
        long chatId = message.getChatId();
        String language = context.language();
        List<ChatStore.ConversationSummary> recent = chats.recentConversations(context.connection(), chatId,
                CHATS_LISTED);
        if (recent.isEmpty()) {
            replies.to(context, message, Phrase.CHATS_EMPTY.in(language));
            return;
        }
        long current = chats.currentConversation(context, chatId, 0,
                settings.get(context.connection(), chatId).newConversationPrompt());
        replies.to(context, message, Phrase.CHATS.in(language),
                Keyboards.conversations(recent, current, Phrase.CHATS_UNTITLED.in(language)));
    }

    private void switchTo(UpdateContext context, ConversationCallback pressed) throws SQLException {
        CallbackQuery query = context.update().getCallbackQuery();
        String language = context.language();
        // Only a private chat's owner switches it; group conversations follow the group.
        Optional<String> title = context.chat() != null && context.chat().isUserChat()
                ? chats.switchBack(context, context.chat().getId(), pressed.conversationId()) : Optional.empty();
        String answer = title.map(name -> Phrase.CHATS_SWITCHED.in(language,
                name.isEmpty() ? Phrase.CHATS_UNTITLED.in(language) : name))
                .orElse(Phrase.CHATS_NOT_FOUND.in(language));
        context.afterCommit(() -> replies.acknowledge(query, answer));
    }

    private void startConversation(UpdateContext context, Message message, ChatSettings chatSettings)
            throws SQLException {
        chats.startConversation(context, message.getChatId(), Replies.threadOf(message),
                chatSettings.newConversationPrompt());
    }
}
