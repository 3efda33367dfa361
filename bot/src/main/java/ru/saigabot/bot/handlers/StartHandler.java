package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.render.Texts;

/** {@code /start} and {@code /help}: who the bot is and what it can do. */
public final class StartHandler {
    private static final Set<String> COMMANDS = Set.of("start", "help");

    private final Replies replies;
    private final Senders senders;
    private final String botUsername;

    public StartHandler(Replies replies, Senders senders, String botUsername) {
        this.replies = replies;
        this.senders = senders;
        this.botUsername = botUsername;
    }

    public Route route() {
        return new Route("start", this::accepts, this::handle);
    }

    /** A command the bot does not know, in a private chat (in groups it may be another bot's). */
    public Route unknownCommand() {
        return new Route("unknown-command", update -> update.hasMessage() && update.getMessage().hasText()
                && update.getMessage().getFrom() != null && update.getMessage().getChat().isUserChat()
                && Command.parse(update.getMessage().getText()).isPresent(), context -> {
                    Message message = context.update().getMessage();
                    replies.to(context, message, Phrase.UNKNOWN_COMMAND.in(message.getFrom().getLanguageCode()));
                });
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
        boolean help = Command.parse(message.getText()).map(command -> command.name().equals("help")).orElse(false);
        String language = message.getFrom() == null ? null : message.getFrom().getLanguageCode();
        replies.to(context, message, help ? Phrase.HELP.in(language) : texts.welcome);
    }
}
