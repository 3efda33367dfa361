package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import ru.saigabot.bot.answer.AnswerService;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.ForgetCallback;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.store.PrivacyStore;

/** {@code /forget}: after a confirmation button, deletes everything stored about the user who pressed it. */
public final class ForgetHandler {
    private static final Logger log = LoggerFactory.getLogger(ForgetHandler.class);

    private final Replies replies;
    private final PrivacyStore privacy;
    private final AnswerService answers;

    public ForgetHandler(Replies replies, PrivacyStore privacy, AnswerService answers) {
        this.replies = replies;
        this.privacy = privacy;
        this.answers = answers;
    }

    public void register(RouteTable routes) {
        routes.command("forget", Set.of("forget"), this::ask)
                .callback("forget-confirmation", ForgetCallback::unpack, this::answer);
    }

    private void ask(UpdateContext context, Command command) {
        Message message = context.update().getMessage();
        String language = context.language();
        if (!message.getChat().isUserChat()) {
            replies.to(context, message, Phrase.PRIVATE_ONLY.in(language));
            return;
        }
        InlineKeyboardMarkup buttons = InlineKeyboardMarkup.builder().keyboard(List.of(new InlineKeyboardRow(
                InlineKeyboardButton.builder().text(Phrase.FORGET_BUTTON.in(language))
                        .callbackData(new ForgetCallback(true).pack()).build(),
                InlineKeyboardButton.builder().text(Phrase.CANCEL_BUTTON.in(language))
                        .callbackData(new ForgetCallback(false).pack()).build()))).build();
        replies.needed(context, message, Phrase.FORGET_CONFIRM.in(language), buttons);
    }

    private void answer(UpdateContext context, ForgetCallback pressed) throws SQLException {
        CallbackQuery query = context.update().getCallbackQuery();
        // Always the person who pressed: nobody can erase someone else.
        long userId = query.getFrom().getId();
        Phrase result = Phrase.FORGET_CANCELLED;
        if (pressed.confirmed()) {
            PrivacyStore.Removed removed = privacy.forgetUser(context, userId);
            result = Phrase.FORGET_DONE;
            context.afterCommit(() -> {
                answers.forgetChat(userId);
                log.info("user data deleted on request: user_id={} messages={} conversations={}", userId,
                        removed.messages(), removed.conversationIds().size());
            });
        }
        String text = result.in(context.language());
        context.afterCommit(() -> confirm(query, text));
    }

    private void confirm(CallbackQuery query, String text) {
        replies.acknowledge(query, null);
        if (query.getMessage() != null) {
            replies.send(query.getMessage().getChatId(), EditMessageText.builder()
                    .chatId(query.getMessage().getChatId()).messageId(query.getMessage().getMessageId()).text(text)
                    .build());
        }
    }
}
