package ru.saigabot.bot.handlers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.access.CommandLimiter;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.CommandGate;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Phrase;

/**
 * Commands are limited per user ({@link CommandLimiter}); the bot's admins are exempt. The first command over the
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
        if (context.user() == null || context.access().admin()) {
            return true;
        }
        CommandLimiter.Decision decision = limiter.admit(context.user().getId());
        if (decision.admitted()) {
            return true;
        }
        log.debug("command ignored, too many from this user: user_id={} chat_id={} command={}",
                context.user().getId(), context.chat() == null ? null : context.chat().getId(), command.name());
        if (decision.tell()) {
            long seconds = Math.max(1, (decision.waitMillis() + 999) / 1000);
            replies.to(context, context.update().getMessage(), Phrase.LIMIT_COMMANDS.in(context.language(), seconds));
        }
        return false;
    }
}
