package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.Set;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Texts;
import ru.saigabot.bot.telegram.TelegramGateway;

/** {@code /start} and {@code /help}: who the bot is and what it can do. */
public final class StartHandler {
    private static final Set<String> COMMANDS = Set.of("start", "help");

    private final TelegramGateway telegram;
    private final Senders senders;
    private final String botUsername;

    public StartHandler(TelegramGateway telegram, Senders senders, String botUsername) {
        this.telegram = telegram;
        this.senders = senders;
        this.botUsername = botUsername;
    }

    public Route route() {
        return new Route("start", this::accepts, this::handle);
    }

    private boolean accepts(Update update) {
        return update.hasMessage() && update.getMessage().hasText()
                && Command.parse(update.getMessage().getText())
                        .filter(command -> COMMANDS.contains(command.name()) && command.isFor(botUsername))
                        .isPresent();
    }

    private void handle(UpdateContext context) throws SQLException {
        Message message = context.update().getMessage();
        senders.remember(context, message.getFrom(), message.getChat());
        Texts texts = Texts.forLanguage(message.getFrom() == null ? null : message.getFrom().getLanguageCode());
        telegram.call(SendMessage.builder().chatId(message.getChatId()).text(texts.welcome).build());
    }
}
