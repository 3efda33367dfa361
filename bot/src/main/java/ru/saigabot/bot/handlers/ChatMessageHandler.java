package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.chat.GenerationService;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Texts;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.GenerationJob;
import ru.saigabot.bot.store.GenerationStore;
import ru.saigabot.bot.store.StoredMessage;
import ru.saigabot.inference.text.TextSanitizer;

/**
 * A text message in a private chat: stored with a generation request in the update's transaction;
 * the answer is produced by {@link GenerationService} once that commits.
 */
public final class ChatMessageHandler {
    private final ChatStore chats;
    private final Senders senders;
    private final ConversationCache cache;
    private final GenerationStore generations;
    private final GenerationService generationService;

    public ChatMessageHandler(ChatStore chats, Senders senders, ConversationCache cache,
                              GenerationStore generations, GenerationService generationService) {
        this.chats = chats;
        this.senders = senders;
        this.cache = cache;
        this.generations = generations;
        this.generationService = generationService;
    }

    public Route route() {
        return new Route("chat-message", ChatMessageHandler::accepts, this::handle);
    }

    private static boolean accepts(Update update) {
        if (!update.hasMessage() || !update.getMessage().hasText() || update.getMessage().getFrom() == null) {
            return false;
        }
        Message message = update.getMessage();
        // Groups come with their own triggers (mentions, replies); until then the bot answers in private chats.
        return message.getChat().isUserChat() && Command.parse(message.getText()).isEmpty();
    }

    private void handle(UpdateContext context) throws SQLException {
        Message message = context.update().getMessage();
        long chatId = message.getChatId();
        long userId = message.getFrom().getId();
        senders.remember(context, message.getFrom(), message.getChat());
        // Only this dispatcher thread starts conversations, so the cached id needs no row lock.
        Optional<Long> cached = cache.currentConversation(chatId);
        long conversationId = cached.isPresent() ? cached.get()
                : chats.currentConversation(context.tx(), chatId, Texts.DEFAULT_SYSTEM_PROMPT);
        String text = TextSanitizer.clean(message.getText());
        GenerationStore.NewRequest request = generations.enqueueMessage(context.tx(), conversationId, chatId, userId,
                text, message.getMessageId());
        long userMessageId = request.messageId();
        long generationId = request.generationId();
        StoredMessage stored = new StoredMessage(userMessageId, conversationId, chatId, "user", text,
                (long) message.getMessageId());
        context.afterCommit(() -> {
            cache.currentConversationStored(chatId, conversationId);
            cache.messageStored(stored);
            generationService.submit(new GenerationJob(generationId, chatId, conversationId, userMessageId, userId,
                    "queued", null, 0, message.getFrom().getLanguageCode()));
        });
    }
}
