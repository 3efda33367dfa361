package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Texts;
import ru.saigabot.bot.telegram.TelegramGateway;

/** Photos, voice, stickers and files in a private chat get a short note that only text is understood. */
public final class NonTextHandler {
    private final TelegramGateway telegram;
    private final Senders senders;

    public NonTextHandler(TelegramGateway telegram, Senders senders) {
        this.telegram = telegram;
        this.senders = senders;
    }

    public Route route() {
        return new Route("non-text", update -> update.hasMessage() && !update.getMessage().hasText()
                && update.getMessage().getChat().isUserChat() && update.getMessage().getFrom() != null,
                this::handle);
    }

    private void handle(UpdateContext context) throws SQLException {
        Message message = context.update().getMessage();
        senders.remember(context, message.getFrom(), message.getChat());
        Texts texts = Texts.forLanguage(message.getFrom().getLanguageCode());
        telegram.call(SendMessage.builder().chatId(message.getChatId()).text(texts.textOnly).build());
    }
}
