package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.access.AccessRules;
import ru.saigabot.bot.access.GroupTrigger;
import ru.saigabot.bot.chat.GenerationService;
import ru.saigabot.bot.dispatch.UpdateNotReady;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.settings.SettingsStore;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.GenerationJob;
import ru.saigabot.bot.store.GenerationStore;
import ru.saigabot.bot.store.MessageStore;
import ru.saigabot.inference.text.TextSanitizer;

/**
 * A user edited a message the bot stored. The latest question of a conversation is answered again:
 * the new answer replaces the old one, which stays stored as the rejected side of a preference pair if
 * the user then likes the new one. An older message is only corrected in the stored history.
 */
public final class EditHandler {
    private final Senders senders;
    private final Replies replies;
    private final MessageStore messages;
    private final GenerationStore generations;
    private final GenerationService generationService;
    private final ConversationCache cache;
    private final SettingsStore settings;
    private final AccessRules rules;
    private final ChatMessageHandler.BotUser bot;

    public EditHandler(Senders senders, Replies replies, MessageStore messages, GenerationStore generations,
                       GenerationService generationService, ConversationCache cache, SettingsStore settings,
                       AccessRules rules, ChatMessageHandler.BotUser bot) {
        this.senders = senders;
        this.replies = replies;
        this.messages = messages;
        this.generations = generations;
        this.generationService = generationService;
        this.cache = cache;
        this.settings = settings;
        this.rules = rules;
        this.bot = bot;
    }

    public Route route() {
        return new Route("edited-message", update -> update.hasEditedMessage() && update.getEditedMessage().hasText()
                && update.getEditedMessage().getFrom() != null, this::handle);
    }

    private void handle(UpdateContext context) throws SQLException {
        Message message = context.update().getEditedMessage();
        long chatId = message.getChatId();
        long userId = message.getFrom().getId();
        Optional<MessageStore.UserMessageRef> stored = messages.userMessageByTelegramId(context.tx(), chatId,
                message.getMessageId());
        if (stored.isEmpty() || !rules.serves(userId, chatId)) {
            return; // a message the bot never kept (a command, or sent before it was added to the group)
        }
        senders.remember(context, message.getFrom(), message.getChat());
        boolean group = !message.getChat().isUserChat();
        String text = TextSanitizer.clean(message.getText());
        if (group) {
            // An edit that removes the address still corrects the context; one that keeps it re-asks.
            text = GroupTrigger.question(text, bot.username(), false,
                    settings.get(context.tx(), chatId).shortName()).orElse(text);
        }
        MessageStore.UserMessageRef ref = stored.get();
        messages.updateContent(context.tx(), chatId, ref.id(), text);
        long conversationId = ref.conversationId();
        context.afterCommit(() -> cache.turnsChanged(conversationId));
        if (!messages.isLastUserMessage(context.tx(), chatId, conversationId, ref.id())) {
            if (!group) {
                replies.to(context, message, Phrase.EDIT_NOT_LATEST.in(message.getFrom().getLanguageCode()));
            }
            return;
        }
        GenerationStore.Answering answering = generations.answering(context.tx(), chatId, ref.id());
        if (answering.running()) {
            // The answer to the old text is being written (or is done and not yet stored): stop it, and handle
            // the edit again once it is stored, to answer the corrected text in its place.
            generationService.cancel(answering.openGenerationId());
            throw new UpdateNotReady("the answer " + answering.openGenerationId() + " to the edited message is "
                    + "still running");
        }
        if (answering.open()) {
            return; // still queued, and locked until this commits: it starts with the corrected text
        }
        Optional<Long> replaces = answering.currentAnswer();
        if (group && replaces.isEmpty()) {
            return; // context the bot was never asked about: nothing to re-answer
        }
        Optional<Long> created = generations.enqueueAnswer(context.tx(), chatId, conversationId, ref.id(), userId,
                "edit", replaces.orElse(null));
        created.ifPresent(id -> {
            GenerationJob job = GenerationJob.queued(id, chatId, Replies.threadOf(message), conversationId, ref.id(),
                    (long) message.getMessageId(), userId, message.getFrom().getLanguageCode(), "edit",
                    replaces.orElse(null), group);
            context.afterCommit(() -> generationService.submit(job));
        });
    }
}
