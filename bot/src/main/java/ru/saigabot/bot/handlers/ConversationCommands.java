package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.access.GroupAdmins;
import ru.saigabot.bot.chat.GenerationService;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.Commands;
import ru.saigabot.bot.dispatch.ConversationCallback;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Keyboards;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.render.Texts;
import ru.saigabot.bot.settings.ChatSettings;
import ru.saigabot.bot.settings.SettingsStore;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.GenerationStore;
import ru.saigabot.bot.store.MessageStore;

/** /new (/reset), /stop, /system and /chats: which conversation a chat is in, and how it starts. */
public final class ConversationCommands {
    private static final int CHATS_LISTED = 10;

    private final Senders senders;
    private final Replies replies;
    private final ChatStore chats;
    private final MessageStore messages;
    private final GenerationStore generations;
    private final ConversationCache cache;
    private final SettingsStore settings;
    private final GenerationService generationService;
    private final GroupAdmins admins;
    private final String botUsername;

    public ConversationCommands(Senders senders, Replies replies, ChatStore chats,
                                MessageStore messages, GenerationStore generations, ConversationCache cache,
                                SettingsStore settings, GenerationService generationService, GroupAdmins admins,
                                String botUsername) {
        this.senders = senders;
        this.replies = replies;
        this.chats = chats;
        this.messages = messages;
        this.generations = generations;
        this.cache = cache;
        this.settings = settings;
        this.generationService = generationService;
        this.admins = admins;
        this.botUsername = botUsername;
    }

    public List<Route> routes() {
        return List.of(
                Commands.route("new", botUsername, Set.of("new", "reset"), this::startNew),
                Commands.route("stop", botUsername, Set.of("stop"), this::stop),
                Commands.route("system", botUsername, Set.of("system"), this::system),
                Commands.route("chats", botUsername, Set.of("chats"), this::list),
                Commands.callback("chats-switch", data -> ConversationCallback.unpack(data).isPresent(), this::switchTo));
    }

    private void startNew(UpdateContext context) throws SQLException {
        Message message = context.update().getMessage();
        senders.remember(context, message.getFrom(), message.getChat());
        startConversation(context, message, settings.get(context.tx(), message.getChatId()));
        replies.to(context, message, Phrase.NEW_CONVERSATION.in(message.getFrom().getLanguageCode()));
    }

    private void stop(UpdateContext context) throws SQLException {
        Message message = context.update().getMessage();
        long chatId = message.getChatId();
        senders.remember(context, message.getFrom(), message.getChat());
        int cancelled = generations.cancelQueued(context.tx(), chatId);
        String language = message.getFrom().getLanguageCode();
        context.afterCommit(() -> {
            boolean stopped = generationService.stop(chatId);
            if (!stopped && cancelled == 0) {
                replies.now(message, Phrase.NOTHING_TO_STOP.in(language));
            }
        });
        if (cancelled > 0) {
            replies.to(context, message, Phrase.STOPPED.in(language));
        }
    }

    private void system(UpdateContext context) throws SQLException {
        Message message = context.update().getMessage();
        long chatId = message.getChatId();
        String language = message.getFrom().getLanguageCode();
        senders.remember(context, message.getFrom(), message.getChat());
        String argument = Command.parse(message.getText()).orElseThrow().arguments();
        ChatSettings current = settings.get(context.tx(), chatId);
        if (argument.isEmpty()) {
            long conversationId = chats.currentConversation(context.tx(), chatId, Replies.threadOf(message),
                    current.systemPromptOr(Texts.DEFAULT_SYSTEM_PROMPT));
            replies.to(context, message, Phrase.SYSTEM_SHOW.in(language,
                    messages.systemPrompt(context.tx(), chatId, conversationId)));
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

    private void list(UpdateContext context) throws SQLException {
        Message message = context.update().getMessage();
        long chatId = message.getChatId();
        String language = message.getFrom().getLanguageCode();
        senders.remember(context, message.getFrom(), message.getChat());
        List<ChatStore.ConversationSummary> recent = chats.recentConversations(context.tx(), chatId, CHATS_LISTED);
        if (recent.isEmpty()) {
            replies.to(context, message, Phrase.CHATS_EMPTY.in(language));
            return;
        }
        long current = chats.currentConversation(context.tx(), chatId, 0,
                settings.get(context.tx(), chatId).systemPromptOr(Texts.DEFAULT_SYSTEM_PROMPT));
        replies.to(context, message, Phrase.CHATS.in(language),
                Keyboards.conversations(recent, current, Phrase.CHATS_UNTITLED.in(language)));
    }

    private void switchTo(UpdateContext context) throws SQLException {
        CallbackQuery query = context.update().getCallbackQuery();
        String language = query.getFrom().getLanguageCode();
        long conversationId = ConversationCallback.unpack(query.getData()).orElseThrow().conversationId();
        String answer;
        if (query.getMessage() == null) {
            answer = Phrase.CHATS_NOT_FOUND.in(language);
        } else {
            long chatId = query.getMessage().getChatId();
            boolean mayChange = query.getMessage().getChat().isUserChat();
            // Only a private chat's owner switches it; group conversations follow the group.
            java.util.Optional<String> title = mayChange ? chats.switchBack(context.tx(), chatId, conversationId)
                    : java.util.Optional.empty();
            if (title.isPresent()) {
                answer = Phrase.CHATS_SWITCHED.in(language,
                        title.get().isEmpty() ? Phrase.CHATS_UNTITLED.in(language) : title.get());
                context.afterCommit(() -> cache.currentConversationStored(chatId, 0, conversationId));
            } else {
                answer = Phrase.CHATS_NOT_FOUND.in(language);
            }
        }
        String text = answer;
        context.afterCommit(() -> replies.acknowledge(query, text));
    }

    private void startConversation(UpdateContext context, Message message, ChatSettings chatSettings)
            throws SQLException {
        long chatId = message.getChatId();
        long threadId = Replies.threadOf(message);
        long conversationId = chats.startConversation(context.tx(), chatId, threadId,
                chatSettings.systemPromptOr(Texts.DEFAULT_SYSTEM_PROMPT));
        context.afterCommit(() -> cache.currentConversationStored(chatId, threadId, conversationId));
    }

}
