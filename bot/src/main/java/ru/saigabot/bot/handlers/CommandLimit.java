package ru.saigabot.bot.handlers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.access.CommandLimiter;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.CommandGate;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Phrase;

/**
 * Commands are limited per author ({@link CommandLimiter}): a user, or the chat a message is sent on behalf of; the
 * bot's admins are exempt. The first command over the
 * limit gets a short note, the next ones nothing, so a flood costs its chat one reply.
 */
public final class CommandLimit implements CommandGate {
    private static final Logger log = LoggerFactory.getLogger(CommandLimit.class);

    private final CommandLimiter limiter;
    private final Replies replies;

    public CommandLimit(CommandLimiter limiter, Replies replies) {
        this.limiter = limiter;
        this.replies = replies;
    }

    @Override
    public boolean admit(UpdateContext context, Command command) {
        if (context.authorId() == null || context.access().admin()) {
            return true;
        }
        // Per author: an anonymous admin's group or a channel, not the account Telegram shares between them all.
        CommandLimiter.Decision decision = limiter.admit(context.authorId());
        if (decision.admitted()) {
            return true;
        }
        log.debug("command ignored, too many from this author: author_id={} chat_id={} command={}",
                context.authorId(), context.chat() == null ? null : context.chat().getId(), command.name());
        if (decision.tell()) {
            long seconds = Math.max(1, (decision.waitMillis() + 999) / 1000);
            replies.to(context, context.update().getMessage(), Phrase.LIMIT_COMMANDS.in(context.language(), seconds));
        }
        return false;
    }
}
