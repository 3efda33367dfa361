package ru.saigabot.bot.web.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import ru.saigabot.bot.access.HourlyLimiter;
import ru.saigabot.bot.answer.AnswerService;
import ru.saigabot.bot.answer.NewAnswers;
import ru.saigabot.bot.generation.GenerationQueries;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.settings.SettingsStore;
import ru.saigabot.bot.store.ChatStore;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.FeedbackStore;
import ru.saigabot.bot.store.MessageStore;
import ru.saigabot.bot.store.PreferenceStore;
import ru.saigabot.bot.store.PrivacyStore;

/**
 * What the web chat's endpoints use of the bot: the same stores, queue and answers as Telegram's handlers.
 *
 * @param maxOpen answers one web user may have waiting or being written at once ({@code --max-queued-per-user})
 */
public record WebChatParts(Database database, ChatStore chats, MessageStore messages, SettingsStore settings,
                           FeedbackStore feedback, PreferenceStore preferences, PrivacyStore privacy, GenerationQueries queries,
                           GenerationRepository generations, NewAnswers newAnswers, AnswerService answers,
                           WebDestination destination, HourlyLimiter hourly, int maxOpen, ObjectMapper json) {}
