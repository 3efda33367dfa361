package ru.saigabot.bot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.function.BooleanSupplier;
import ru.saigabot.bot.access.HourlyLimiter;
import ru.saigabot.bot.answer.AnswerService;
import ru.saigabot.bot.answer.NewAnswers;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.FeedbackStore;
import ru.saigabot.bot.store.PreferenceStore;
import ru.saigabot.bot.web.WebRoutes;
import ru.saigabot.bot.web.WebServer;
import ru.saigabot.bot.web.admin.CurationDownloads;
import ru.saigabot.bot.web.admin.CurationEndpoints;
import ru.saigabot.bot.web.admin.DashboardEndpoints;
import ru.saigabot.bot.web.admin.QueueLength;
import ru.saigabot.bot.web.chat.AnswerEndpoints;
import ru.saigabot.bot.web.chat.ArenaEndpoints;
import ru.saigabot.bot.web.chat.ConversationEndpoints;
import ru.saigabot.bot.web.chat.SettingsEndpoints;
import ru.saigabot.bot.web.chat.WebChatParts;
import ru.saigabot.bot.web.chat.WebDestination;
import ru.saigabot.bot.web.session.SessionStore;

/** Puts the web chat and the dashboard together from the bot's parts, and starts them. */
final class WebSurface {
    private WebSurface() {}

    /** @param arenaOrder draws the A/B order of annotation tasks, as /annotate's (fixed by a fixed --seed) */
    static WebServer start(RunSettings settings, Database database, Stores stores, AnswerService answers,
                           NewAnswers newAnswers, WebDestination destination, BooleanSupplier arenaOrder,
                           ObjectMapper json) {
        HourlyLimiter hourly = new HourlyLimiter(settings.options().access().messagesPerHour(),
                System::currentTimeMillis);
        WebChatParts chat = new WebChatParts(database, stores.chats(), stores.messages(), stores.settings(),
                new FeedbackStore(), new PreferenceStore(), stores.privacy(), stores.queries(), stores.generations(),
                newAnswers, answers, destination, hourly, settings.options().access().queuedPerUser(), json);
        List<WebRoutes> features = List.of(new ConversationEndpoints(chat), new AnswerEndpoints(chat),
                new SettingsEndpoints(chat), new ArenaEndpoints(chat, stores.battles(), settings.arena().overlap(),
                        arenaOrder), new DashboardEndpoints(database,
                        new QueueLength(answers::pendingTotal, answers::generatingTotal), json),
                new CurationEndpoints(database, json), new CurationDownloads(database));
        return WebServer.start(settings.web().host().getHostAddress(), settings.web().port().getAsInt(),
                new SessionStore(database), json, features);
    }
}
