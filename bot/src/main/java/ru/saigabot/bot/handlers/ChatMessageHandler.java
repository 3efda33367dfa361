package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import java.util.List;
import ru.saigabot.bot.access.AccessRules;
import ru.saigabot.bot.arena.LiveArena;
import ru.saigabot.bot.dispatch.Commands;
import ru.saigabot.bot.store.LiveBattleStore;
import ru.saigabot.bot.access.GroupTrigger;
import ru.saigabot.bot.access.HourlyLimiter;
import ru.saigabot.bot.chat.GenerationService;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.render.Texts;
import ru.saigabot.bot.settings.ChatSettings;
import ru.saigabot.bot.settings.SettingsStore;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.GenerationJob;
import ru.saigabot.bot.store.GenerationStore;
import ru.saigabot.bot.store.StoredMessage;
import ru.saigabot.inference.text.TextSanitizer;

/**
 * A text message: in a private chat always a question; in a group a question when addressed to the
 * bot, otherwise context kept for when it is. A question is stored with its generation request in the
 * update's transaction; {@link GenerationService} answers once that commits.
 */
public final class ChatMessageHandler {
    private final ChatStore chats;
    private final Senders senders;
    private final ConversationCache cache;
    private final GenerationStore generations;
    private final GenerationService generationService;
    private final SettingsStore settings;
    private final AccessRules rules;
    private final HourlyLimiter limiter;
    private final Replies replies;
    private final BotUser bot;
    private final LiveArena liveArena;
    private final LiveBattleStore battles;

    /** The bot's own account: group messages address it by username or by replying to it. */
    public record BotUser(long id, String username) {}

    public ChatMessageHandler(ChatStore chats, Senders senders, ConversationCache cache, GenerationStore generations,
                              GenerationService generationService, SettingsStore settings, AccessRules rules,
                              HourlyLimiter limiter, Replies replies, BotUser bot, LiveArena liveArena, LiveBattleStore battles) {
        this.liveArena = liveArena;
        this.battles = battles;
        this.chats = chats;
        this.senders = senders;
        this.cache = cache;
        this.generations = generations;
        this.generationService = generationService;
        this.settings = settings;
        this.rules = rules;
        this.limiter = limiter;
        this.replies = replies;
        this.bot = bot;
    }

    public Route route() {
        return new Route("chat-message", ChatMessageHandler::accepts, context -> handle(context, null));
    }

    /** /arena: the next message (or the text after the command) is answered by both live variants, A and B. */
    public Route arenaRoute() {
        return Commands.route("arena", bot.username(), java.util.Set.of("arena"), context -> {
            Message message = context.update().getMessage();
            String prompt = Commands.of(context.update(), bot.username(), java.util.Set.of("arena")).orElseThrow()
                    .arguments();
            if (!prompt.isBlank()) {
                handle(context, prompt);
                return;
            }
            senders.remember(context, message.getFrom(), message.getChat());
            liveArena.arm(message.getChatId());
            replies.to(context, message, Phrase.ARENA_LIVE_ARMED.in(message.getFrom().getLanguageCode()));
        });
    }

    private static boolean accepts(Update update) {
        if (!update.hasMessage() || !update.getMessage().hasText() || update.getMessage().getFrom() == null) {
            return false;
        }
        Message message = update.getMessage();
        boolean supported = message.getChat().isUserChat() || message.getChat().isGroupChat()
                || message.getChat().isSuperGroupChat();
        return supported && Command.parse(message.getText()).isEmpty();
    }

    /** @param battlePrompt the text after /arena: a battle on it, whoever it addresses; null for a plain message */
    private void handle(UpdateContext context, String battlePrompt) throws SQLException {
        Message message = context.update().getMessage();
        long chatId = message.getChatId();
        long userId = message.getFrom().getId();
        long threadId = Replies.threadOf(message);
        boolean group = !message.getChat().isUserChat();
        String language = message.getFrom().getLanguageCode();
        senders.remember(context, message.getFrom(), message.getChat());
        ChatSettings chatSettings = settings.get(context.tx(), chatId);
        String text = TextSanitizer.clean(battlePrompt != null ? battlePrompt : message.getText());
        String question = text;
        if (group && battlePrompt == null) {
            boolean repliedToBot = message.getReplyToMessage() != null && message.getReplyToMessage().getFrom() != null
                    && message.getReplyToMessage().getFrom().getId() == bot.id();
            Optional<String> addressed = GroupTrigger.question(text, bot.username(), repliedToBot,
                    chatSettings.shortName());
            if (addressed.isEmpty()) {
                if (rules.serves(userId, chatId)) {
                    keepAsContext(context, message, chatId, threadId, userId, text, chatSettings);
                }
                return;
            }
            question = addressed.get();
        }
        if (!rules.serves(userId, chatId)) {
            replies.to(context, message, Phrase.NOT_ALLOWED.in(language));
            return;
        }
        boolean admin = rules.isAdmin(userId);
        if (!admin && !withinHourlyLimit(context, message, userId, language)) {
            return;
        }
        long conversationId = conversation(context, chatId, threadId, chatSettings);
        // The limit on waiting requests is counted in the database by the insert itself: several messages of
        // one batch commit together, before any is submitted.
        GenerationStore.Enqueued enqueued = generations.enqueueMessage(context.tx(), conversationId, chatId, userId,
                question, message.getMessageId(), admin ? Integer.MAX_VALUE : rules.queuedPerUser());
        if (!enqueued.accepted()) {
            replies.to(context, message, Phrase.LIMIT_QUEUED.in(language, enqueued.open()));
            return;
        }
        if (!admin) {
            limiter.record(userId);
        }
        GenerationStore.NewRequest request = enqueued.request();
        StoredMessage stored = new StoredMessage(request.messageId(), conversationId, chatId, "user", question,
                (long) message.getMessageId(), message.getFrom().getFirstName());
        GenerationJob job = GenerationJob.queued(request.generationId(), chatId, threadId, conversationId,
                request.messageId(), (long) message.getMessageId(), userId, language, "message", null, group);
        List<GenerationJob> jobs = List.of(job);
        if (battlePrompt != null || liveArena.takeArmed(chatId) || liveArena.drawShare()) {
            LiveBattleStore.LiveBattle battle = battles.startLive(context.tx(), chatId, conversationId,
                    request.messageId(), userId, request.generationId(), question, liveArena.variant("a").spec(),
                    liveArena.variant("b").spec(), liveArena.drawLeftIsA());
            // The chat's queue runs them in this order: answer "A" streams first, then "B" with the buttons.
            jobs = List.of(job.withArena(new GenerationJob.ArenaTurn(battle.taskId(), battle.firstSide(), "A",
                            battle.voteId())),
                    GenerationJob.queued(battle.secondGenerationId(), chatId, threadId, conversationId,
                            request.messageId(), (long) message.getMessageId(), userId, language, "arena", null, group)
                            .withArena(new GenerationJob.ArenaTurn(battle.taskId(), battle.secondSide(), "B",
                                    battle.voteId())));
        }
        List<GenerationJob> submitted = jobs;
        context.afterCommit(() -> {
            cache.currentConversationStored(chatId, threadId, conversationId);
            cache.messageStored(stored);
            submitted.forEach(generationService::submit);
        });
    }

    private boolean withinHourlyLimit(UpdateContext context, Message message, long userId, String language) {
        OptionalLong wait = limiter.waitFor(userId);
        if (wait.isPresent()) {
            long minutes = Math.max(1, (wait.getAsLong() + 59_999) / 60_000);
            replies.to(context, message, Phrase.LIMIT_HOURLY.in(language, rules.messagesPerHour(), minutes));
            return false;
        }
        return true;
    }

    private void keepAsContext(UpdateContext context, Message message, long chatId, long threadId, long userId,
                               String text, ChatSettings chatSettings) throws SQLException {
        long conversationId = conversation(context, chatId, threadId, chatSettings);
        long id = generations.addContextMessage(context.tx(), conversationId, chatId, userId, text,
                message.getMessageId());
        StoredMessage stored = new StoredMessage(id, conversationId, chatId, "user", text,
                (long) message.getMessageId(), message.getFrom().getFirstName());
        context.afterCommit(() -> {
            cache.currentConversationStored(chatId, threadId, conversationId);
            cache.messageStored(stored);
        });
    }

    private long conversation(UpdateContext context, long chatId, long threadId, ChatSettings chatSettings)
            throws SQLException {
        // Only this dispatcher thread starts conversations, so the cached id needs no row lock.
        Optional<Long> cached = cache.currentConversation(chatId, threadId);
        return cached.isPresent() ? cached.get() : chats.currentConversation(context.tx(), chatId, threadId,
                chatSettings.systemPromptOr(Texts.DEFAULT_SYSTEM_PROMPT));
    }
}
