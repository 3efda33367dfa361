package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import ru.saigabot.bot.chat.GenerationService;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.ForgetCallback;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Texts;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.PrivacyStore;
import ru.saigabot.bot.telegram.TelegramCallException;
import ru.saigabot.bot.telegram.TelegramGateway;

/** {@code /forget}: after a confirmation button, deletes everything stored about the user who pressed it. */
public final class ForgetHandler {
    private static final Logger log = LoggerFactory.getLogger(ForgetHandler.class);

    private final TelegramGateway telegram;
    private final PrivacyStore privacy;
    private final ConversationCache cache;
    private final GenerationService generations;
    private final String botUsername;

    public ForgetHandler(TelegramGateway telegram, PrivacyStore privacy, ConversationCache cache,
                         GenerationService generations, String botUsername) {
        this.telegram = telegram;
        this.privacy = privacy;
        this.cache = cache;
        this.generations = generations;
        this.botUsername = botUsername;
    }

    public List<Route> routes() {
        return List.of(
                new Route("forget-command", this::isCommand, this::ask),
                new Route("forget-confirmation", update -> update.hasCallbackQuery()
                        && ForgetCallback.unpack(update.getCallbackQuery().getData()).isPresent(), this::answer));
    }

    private boolean isCommand(Update update) {
        return update.hasMessage() && update.getMessage().hasText() && update.getMessage().getFrom() != null
                && Command.parse(update.getMessage().getText())
                        .filter(command -> command.name().equals("forget") && command.isFor(botUsername)).isPresent();
    }

    private void ask(UpdateContext context) {
        Message message = context.update().getMessage();
        Texts texts = Texts.forLanguage(message.getFrom().getLanguageCode());
        if (!message.getChat().isUserChat()) {
            telegram.call(SendMessage.builder().chatId(message.getChatId()).text(texts.privateOnly).build());
            return;
        }
        InlineKeyboardMarkup buttons = InlineKeyboardMarkup.builder().keyboard(List.of(new InlineKeyboardRow(
                InlineKeyboardButton.builder().text(texts.forgetButton).callbackData(new ForgetCallback(true).pack()).build(),
                InlineKeyboardButton.builder().text(texts.cancelButton).callbackData(new ForgetCallback(false).pack()).build())))
                .build();
        telegram.call(SendMessage.builder().chatId(message.getChatId()).text(texts.forgetConfirm).replyMarkup(buttons).build());
    }

    private void answer(UpdateContext context) throws SQLException {
        CallbackQuery query = context.update().getCallbackQuery();
        Texts texts = Texts.forLanguage(query.getFrom().getLanguageCode());
        boolean confirmed = ForgetCallback.unpack(query.getData()).orElseThrow().confirmed();
        // Always the person who pressed: nobody can erase someone else.
        long userId = query.getFrom().getId();
        String result = texts.forgetCancelled;
        if (confirmed) {
            PrivacyStore.Removed removed = privacy.forgetUser(context.tx(), userId);
            result = texts.forgetDone;
            context.afterCommit(() -> {
                generations.forgetChat(userId);
                cache.forget(removed.chatIds(), List.of(userId), removed.conversationIds());
                log.info("user data deleted on request: user_id={} messages={} conversations={}", userId,
                        removed.messages(), removed.conversationIds().size());
            });
        }
        String text = result;
        context.afterCommit(() -> confirm(query, text));
    }

    private void confirm(CallbackQuery query, String text) {
        try {
            telegram.call(AnswerCallbackQuery.builder().callbackQueryId(query.getId()).build());
            if (query.getMessage() != null) {
                telegram.call(EditMessageText.builder().chatId(query.getMessage().getChatId())
                        .messageId(query.getMessage().getMessageId()).text(text).build());
            }
        } catch (TelegramCallException e) {
            log.warn("forget confirmation not shown: user_id={} error={}", query.getFrom().getId(), e.getMessage());
        }
    }
}
