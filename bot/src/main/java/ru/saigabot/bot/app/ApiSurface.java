package ru.saigabot.bot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Executor;
import ru.saigabot.bot.answer.AnswerService;
import ru.saigabot.bot.api.ApiDestination;
import ru.saigabot.bot.api.ApiModels;
import ru.saigabot.bot.api.ApiParts;
import ru.saigabot.bot.api.ApiSchemas;
import ru.saigabot.bot.api.ApiServer;
import ru.saigabot.bot.api.keys.ApiKeyStore;
import ru.saigabot.bot.api.keys.RequestRate;
import ru.saigabot.bot.models.ServedModels;
import ru.saigabot.bot.settings.ChatSettings;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.FeedbackStore;

/** Puts the OpenAI-compatible API together from the bot's parts, and starts it. */
final class ApiSurface {
    private ApiSurface() {}

    static ApiServer start(RunSettings settings, Database database, Stores stores, AnswerService answers,
                           ApiDestination destination, ServedModels served, ObjectMapper json, Executor executor) {
        ApiParts parts = new ApiParts(database, stores.generations(), new ApiKeyStore(database), new RequestRate(),
                new FeedbackStore(), answers, destination, new ApiModels(served), new ApiSchemas(json), json,
                executor, ChatSettings.DEFAULT_SYSTEM_PROMPT, settings.options().access().queuedPerUser());
        return ApiServer.start(settings.api().host().getHostAddress(), settings.api().port().getAsInt(), parts);
    }
}
