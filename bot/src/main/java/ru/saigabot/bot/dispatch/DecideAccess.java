package ru.saigabot.bot.dispatch;

import org.telegram.telegrambots.meta.api.objects.User;
import ru.saigabot.bot.access.AccessRules;
import ru.saigabot.bot.access.HourlyLimiter;

/** Decides once per update what its sender may do (see {@link Access}). */
public final class DecideAccess implements Middleware {
    private final AccessRules rules;
    private final Access.Limits limits;

    public DecideAccess(AccessRules rules, HourlyLimiter hourly) {
        this.rules = rules;
        this.limits = new Access.Limits(rules, hourly);
    }

    @Override
    public void apply(UpdateContext context) {
        User user = context.user();
        if (user == null) {
            context.decided(Access.NONE);
            return;
        }
        long chatId = context.chat() == null ? user.getId() : context.chat().getId();
        // Limits count per author (an anonymous admin's group, a channel); who is served or an admin, per person.
        context.decided(new Access(context.authorId(), rules.serves(user.getId(), chatId),
                rules.isAdmin(user.getId()), limits));
    }
}
