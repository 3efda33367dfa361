package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.access.AccessRules;
import ru.saigabot.bot.access.GroupAdmins;
import ru.saigabot.bot.chat.GenerationService;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.Commands;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.settings.ChatSettings;
import ru.saigabot.bot.settings.SettingsStore;
import ru.saigabot.bot.store.StatsStore;

/** /privacy, /name (a group's short name for the bot) and /stats (the bot's admins). */
public final class InfoCommands {
    private final Senders senders;
    private final Replies replies;
    private final SettingsStore settings;
    private final StatsStore stats;
    private final GenerationService generationService;
    private final GroupAdmins admins;
    private final AccessRules rules;
    private final int retentionDays;
    private final String botUsername;

    public InfoCommands(Senders senders, Replies replies, SettingsStore settings, StatsStore stats,
                        GenerationService generationService, GroupAdmins admins, AccessRules rules,
                        int retentionDays, String botUsername) {
        this.senders = senders;
        this.replies = replies;
        this.settings = settings;
        this.stats = stats;
        this.generationService = generationService;
        this.admins = admins;
        this.rules = rules;
        this.retentionDays = retentionDays;
        this.botUsername = botUsername;
    }

    public List<Route> routes() {
        return List.of(Commands.route("privacy", botUsername, Set.of("privacy"), this::privacy),
                Commands.route("name", botUsername, Set.of("name"), this::name),
                Commands.route("stats", botUsername, Set.of("stats"), this::stats));
    }

    private void privacy(UpdateContext context) {
        Message message = context.update().getMessage();
        String language = message.getFrom().getLanguageCode();
        String retention = retentionDays == 0 ? Phrase.PRIVACY_KEPT.in(language)
                : Phrase.PRIVACY_RETENTION.in(language, retentionDays);
        replies.to(context, message, Phrase.PRIVACY.in(language, retention));
    }

    private void name(UpdateContext context) throws SQLException {
        Message message = context.update().getMessage();
        String language = message.getFrom().getLanguageCode();
        long chatId = message.getChatId();
        senders.remember(context, message.getFrom(), message.getChat());
        String argument = Command.parse(message.getText()).orElseThrow().arguments();
        ChatSettings current = settings.get(context.tx(), chatId);
        if (argument.isEmpty()) {
            String shown = current.shortName() == null ? "@" + botUsername : current.shortName();
            replies.to(context, message, Phrase.NAME_SHOW.in(language, shown));
            return;
        }
        if (!admins.mayChangeSettings(message)) {
            replies.to(context, message, Phrase.ADMINS_ONLY.in(language));
            return;
        }
        if (argument.length() > ChatSettings.MAX_SHORT_NAME_CHARS
                || !argument.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
            replies.to(context, message, Phrase.NAME_INVALID.in(language, ChatSettings.MAX_SHORT_NAME_CHARS));
            return;
        }
        settings.save(context, chatId, current.withShortName(argument));
        replies.to(context, message, Phrase.NAME_SET.in(language, argument));
    }

    private void stats(UpdateContext context) throws SQLException {
        Message message = context.update().getMessage();
        String language = message.getFrom().getLanguageCode();
        if (!rules.isAdmin(message.getFrom().getId())) {
            replies.to(context, message, Phrase.STATS_ADMINS_ONLY.in(language));
            return;
        }
        StatsStore.Stats figures = stats.read(context.tx());
        replies.to(context, message, Phrase.STATS.in(language, figures.users(), figures.activeUsers(),
                figures.messages(), figures.messagesLastDay(), figures.likes(), figures.dislikes(),
                generationService.pendingTotal(), String.format(Locale.ROOT, "%.1f", figures.tokensPerSecond())));
    }
}
