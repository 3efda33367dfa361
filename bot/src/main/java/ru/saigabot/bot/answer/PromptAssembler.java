package ru.saigabot.bot.answer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import ru.saigabot.bot.access.AccessRules;
import ru.saigabot.bot.arena.LiveArena;
import ru.saigabot.bot.generation.ArenaTurn;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.models.ServedModels;
import ru.saigabot.bot.settings.ChatSettings;
import ru.saigabot.bot.settings.SettingsStore;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.MessageStore;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.context.ContextBudget;

/**
 * Builds the request for one answer from what is stored when it starts (so a request that survived a restart is
 * answered exactly as a fresh one): the conversation's turns up to the question, the chat's parameters and model,
 * or a live battle's variant. What fits the context is the engine's business ({@code ContextBudget}).
 */
public final class PromptAssembler {
    private final MessageStore messages;
    private final SettingsStore settings;
    private final AccessRules access;
    private final ServedModels served;
    private final LiveArena arena;
    private final GenerationParams defaults;

    public PromptAssembler(MessageStore messages, SettingsStore settings, AccessRules access, ServedModels served,
                           LiveArena arena, GenerationParams defaults) {
        this.messages = messages;
        this.settings = settings;
        this.access = access;
        this.served = served;
        this.arena = arena;
        this.defaults = defaults;
    }

    public ChatRequest assemble(Connection connection, GenerationJob job) throws SQLException {
        ConversationCache.Turns turns = messages.turns(connection, job.chatId(), job.conversationId());
        List<ChatMessage> prompt = PromptTurns.build(turns.systemPrompt(), turns.upTo(job.question().messageId()),
                job.place().group());
        ChatSettings chat = settings.get(connection, job.chatId());
        Long userId = job.requester().userId();
        boolean priority = userId != null && access.isAdmin(userId);
        // The conversation key sends the next turn to the slot whose cache holds this one.
        ChatRequest request = new ChatRequest("user:" + userId, prompt, chat.params(defaults), priority)
                .withConversation("conversation:" + job.conversationId())
                .withRequestId(Long.toString(job.id()));
        ArenaTurn side = job.arena();
        if (side == null) {
            return request.withLoras(served.lorasFor(chat.adapter()));
        }
        // One side of a live battle: the variant's parameters over the chat's, its adapter, and its model.
        return new ChatRequest(request.requesterKey(), request.conversationKey(), prompt,
                arena.params(side.side(), chat.params(defaults)), priority, arena.loras(side.side()),
                arena.model(side.side()), request.requestId());
    }
}
