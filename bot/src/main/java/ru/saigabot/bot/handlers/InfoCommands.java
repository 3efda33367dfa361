package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.access.GroupAdmins;
import ru.saigabot.bot.answer.AnswerService;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.settings.ChatSettings;
import ru.saigabot.bot.settings.SettingsStore;
import ru.saigabot.bot.store.StatsStore;

/** /privacy, /name (a group's short name for the bot) and /stats (the bot's admins). */
public final class InfoCommands {
    private final Replies replies;
    private final SettingsStore settings;
    private final StatsStore stats;
    private final AnswerService answers;
    private final GroupAdmins admins;
    private final int retentionDays;
    private final String botUsername;

    public InfoCommands(Replies replies, SettingsStore settings, StatsStore stats, AnswerService answers,
                        GroupAdmins admins, int retentionDays, String botUsername) {
        this.replies = replies;
        this.settings = settings;
        this.stats = stats;
        this.answers = answers;
        this.admins = admins;
        this.retentionDays = retentionDays;
        this.botUsername = botUsername;
    }

    public void register(RouteTable routes) {
        routes.command("privacy", Set.of("privacy"), this::privacy)
                .command("name", Set.of("name"), this::name)
                .command("stats", Set.of("stats"), this::stats);
    }

    private void privacy(UpdateContext context, Command command) {
        Message message = context.update().getMessage();
        String language = context.language();
        String retention = retentionDays == 0 ? Phrase.PRIVACY_KEPT.in(language)
                : Phrase.PRIVACY_RETENTION.in(language, retentionDays);
        replies.to(context, message, Phrase.PRIVACY.in(language, retention));
    }

    private void name(UpdateContext context, Command command) throws SQLException {
        Message message = context.update().getMessage();
        String language = context.language();
        long chatId = message.getChatId();
        String argument = command.arguments();
        ChatSettings current = settings.get(context.connection(), chatId);
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

    private void stats(UpdateContext context, Command command) throws SQLException {
        Message message = context.update().getMessage();
        String language = context.language();
        if (!context.access().admin()) {
            replies.to(context, message, Phrase.STATS_ADMINS_ONLY.in(language));
            return;
        }
        StatsStore.Stats figures = stats.read(context.connection());
        replies.to(context, message, Phrase.STATS.in(language, figures.users(), figures.activeUsers(),
                figures.messages(), figures.messagesLastDay(), figures.likes(), figures.dislikes(),
                answers.pendingTotal(), String.format(Locale.ROOT, "%.1f", figures.tokensPerSecond()),
                String.format(Locale.ROOT, "%.0f", figures.cachedPromptShare()), figures.shortenedAnswers()));
    }
}
