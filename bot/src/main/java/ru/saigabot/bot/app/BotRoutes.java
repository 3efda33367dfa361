package ru.saigabot.bot.app;

import java.util.List;
import java.util.Random;
import ru.saigabot.bot.access.CommandLimiter;
import ru.saigabot.bot.access.GroupAdmins;
import ru.saigabot.bot.access.HourlyLimiter;
import ru.saigabot.bot.answer.AnswerService;
import ru.saigabot.bot.answer.NewAnswers;
import ru.saigabot.bot.arena.ArenaOptions;
import ru.saigabot.bot.dispatch.DecideAccess;
import ru.saigabot.bot.dispatch.RecordSender;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.Router;
import ru.saigabot.bot.handlers.AnnotateHandler;
import ru.saigabot.bot.handlers.ChatMessageHandler;
import ru.saigabot.bot.handlers.CommandLimit;
import ru.saigabot.bot.handlers.ConversationCommands;
import ru.saigabot.bot.handlers.EditHandler;
import ru.saigabot.bot.handlers.DocumentsHandler;
import ru.saigabot.bot.handlers.ExtractCommands;
import ru.saigabot.bot.handlers.FeedbackHandler;
import ru.saigabot.bot.handlers.ForgetHandler;
import ru.saigabot.bot.handlers.InfoCommands;
import ru.saigabot.bot.handlers.MembershipHandler;
import ru.saigabot.bot.handlers.ModelHandler;
import ru.saigabot.bot.handlers.NonTextHandler;
import ru.saigabot.bot.handlers.ParamsHandler;
import ru.saigabot.bot.handlers.ReactionHandler;
import ru.saigabot.bot.handlers.RegenerateHandler;
import ru.saigabot.bot.handlers.Replies;
import ru.saigabot.bot.handlers.StartHandler;
import ru.saigabot.bot.store.ArenaStore;
import ru.saigabot.bot.store.ExtractionSchemaStore;
import ru.saigabot.bot.store.FeedbackStore;
import ru.saigabot.bot.store.PreferenceStore;
import ru.saigabot.bot.store.StatsStore;
import ru.saigabot.bot.telegram.ReplyOutbox;
import ru.saigabot.bot.telegram.TelegramGateway;
import ru.saigabot.inference.GenerationParams;

/** Every feature's routes, and the middleware that runs before each: the bot's whole dispatch in one place. */
final class BotRoutes {
    private BotRoutes() {}

    /**
     * @param outbox    where replies to commands and buttons go, after their transaction committed
     * @param commands  the per-user limit on commands
     * @param order     draws the arena's A/B order (fixed by a fixed --seed, so a test run is repeatable)
     */
    static Router router(TelegramGateway telegram, ReplyOutbox outbox, CommandLimiter commands, BotIdentity identity,
                         Stores stores, AnswerService answers, NewAnswers newAnswers, ServingEngines.Serving serving,
                         RunOptions options, ArenaOptions arena, GenerationParams defaults, Random order,
                         ChatDocuments documents) {
        Replies replies = new Replies(outbox);
        GroupAdmins groupAdmins = new GroupAdmins(telegram, options.access());
        FeedbackStore feedback = new FeedbackStore();
        PreferenceStore preferences = new PreferenceStore();
        ChatMessageHandler.BotUser botUser = new ChatMessageHandler.BotUser(identity.id(), identity.username());
        RouteTable routes = new RouteTable(identity.username(), new CommandLimit(commands, replies));
        new StartHandler(replies).register(routes);
        new ConversationCommands(replies, stores.chats(), stores.messages(), stores.generations(), stores.queries(),
                stores.settings(), answers, groupAdmins).register(routes);
        new ParamsHandler(replies, stores.settings(), groupAdmins, defaults).register(routes);
        new InfoCommands(replies, stores.settings(), new StatsStore(), answers, groupAdmins, options.retentionDays(),
                identity.username()).register(routes);
        new ModelHandler(replies, stores.settings(), groupAdmins, serving.served()).register(routes);
        new ForgetHandler(replies, stores.privacy(), answers).register(routes);
        new AnnotateHandler(replies, new ArenaStore(), stores.battles(), arena, order::nextBoolean)
                .register(routes);
        new ExtractCommands(replies, new ExtractionSchemaStore(), newAnswers).register(routes);
        new FeedbackHandler(replies, stores.queries(), feedback, preferences).register(routes);
        new RegenerateHandler(replies, stores.queries(), stores.messages(), newAnswers).register(routes);
        new ReactionHandler(stores.messages(), feedback, preferences).register(routes);
        new MembershipHandler(stores.chats()).register(routes);
        new EditHandler(replies, stores.messages(), stores.queries(), newAnswers, answers, stores.settings(), botUser)
                .register(routes);
        new ChatMessageHandler(stores.chats(), stores.messages(), stores.settings(), newAnswers, serving.arena(),
                replies, botUser).register(routes);
        new DocumentsHandler(replies, documents.store(), documents.indexer(), groupAdmins,
                documents.options().maxBytes()).register(routes);
        new NonTextHandler(replies).register(routes);
        HourlyLimiter hourly = new HourlyLimiter(options.access().messagesPerHour(), System::currentTimeMillis);
        return routes.router(List.of(new RecordSender(stores.chats()), new DecideAccess(options.access(), hourly)));
    }
}
