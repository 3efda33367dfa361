package ru.saigabot.bot.handlers;

import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Phrase;

/** {@code /start} and {@code /help}: who the bot is and what it can do; and an unknown command. */
public final class StartHandler {
    private final Replies replies;

    public StartHandler(Replies replies) {
        this.replies = replies;
    }

    public void register(RouteTable routes) {
        routes.command("start", Set.of("start", "help"), this::handle);
        // A command the bot does not know, in a private chat (in groups it may be another bot's).
        routes.add(new Route<>("unknown-command", Route.Stage.FALLBACK, update -> RouteTable.command(update)
                .filter(command -> update.getMessage().getChat().isUserChat()), routes.gated(this::unknown)));
    }

    private void handle(UpdateContext context, Command command) {
        Message message = context.update().getMessage();
        replies.to(context, message, (command.name().equals("help") ? Phrase.HELP : Phrase.WELCOME)
                .in(context.language()));
    }

    private void unknown(UpdateContext context, Command command) {
        replies.to(context, context.update().getMessage(), Phrase.UNKNOWN_COMMAND.in(context.language()));
    }
}
