package ru.saigabot.bot.handlers;

import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Phrase;

/** Photos, voice and stickers in a private chat get a short note that only text (and documents) is understood. */
public final class NonTextHandler {
    private final Replies replies;

    public NonTextHandler(Replies replies) {
        this.replies = replies;
    }

    public void register(RouteTable routes) {
        routes.add(new Route<>("non-text", Route.Stage.MESSAGE, update -> RouteTable.messageFromPerson(update)
                .filter(message -> !message.hasText() && !message.hasDocument() && message.getChat().isUserChat()), this::handle));
    }

    private void handle(UpdateContext context, Message message) {
        replies.to(context, message, Phrase.TEXT_ONLY.in(context.language()));
    }
}
