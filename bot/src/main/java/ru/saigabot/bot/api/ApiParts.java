package ru.saigabot.bot.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.Executor;
import ru.saigabot.bot.answer.AnswerService;
import ru.saigabot.bot.api.keys.ApiKeyStore;
import ru.saigabot.bot.api.keys.RequestRate;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.FeedbackStore;

/**
 * What the API needs of the bot.
 *
 * @param executor            where a stop requested from an engine thread runs
 * @param defaultSystemPrompt the system prompt of a request that sends none (Saiga was trained with one)
 * @param maxOpenPerKey       requests one key may have waiting or running at once, like a Telegram user
 */
public record ApiParts(Database database, GenerationRepository generations, ApiKeyStore keys, RequestRate rate,
                       FeedbackStore feedback, AnswerService answers, ApiDestination destination, ApiModels models,
                       CompletionRequest.Schemas schemas, ObjectMapper json, Executor executor,
                       String defaultSystemPrompt, int maxOpenPerKey) {}
