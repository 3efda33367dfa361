package ru.saigabot.bot.answer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import ru.saigabot.bot.access.AccessRules;
import ru.saigabot.bot.arena.LiveArena;
import ru.saigabot.bot.documents.GivenSources;
import ru.saigabot.bot.documents.QuestionGrounding;
import ru.saigabot.bot.generation.ArenaTurn;
import ru.saigabot.bot.generation.ConversationPurpose;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.generation.RequestOptions;
import ru.saigabot.bot.models.ServedModels;
import ru.saigabot.bot.settings.ChatSettings;
import ru.saigabot.bot.settings.SettingsStore;
import ru.saigabot.bot.store.ConversationCache;
import ru.saigabot.bot.store.MessageStore;
import ru.saigabot.bot.store.StoredMessage;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.OutputRules;
import ru.saigabot.inference.Role;
import ru.saigabot.inference.context.ContextBudget;
import ru.saigabot.inference.grounding.GroundedQuestion;
import static ru.saigabot.bot.store.Statements.one;

/**
 * Builds the request for one answer from what is stored when it starts (so a request that survived a restart is
 * answered exactly as a fresh one): the conversation's turns up to the question, the chat's parameters and model,
 * or a live battle's variant; a chat's question with the passages of the chat's documents found for it
 * ({@link QuestionGrounding}, {@link GroundedQuestion}). What fits the context is the engine's business
 * ({@code ContextBudget}).
 *
 * <p>Only the question being answered carries passages: earlier questions stay as they were asked, so a long talk
 * over documents keeps its history in the context rather than old passages, at the price of evaluating the previous
 * exchange again (the turn that carried passages now has none).
 */
public final class PromptAssembler {
    private final MessageStore messages;
    private final SettingsStore settings;
    private final AccessRules access;
    private final ServedModels served;
    private final LiveArena arena;
    private final GenerationParams defaults;
    private final ObjectMapper json;
    private final QuestionGrounding grounding;

    public PromptAssembler(MessageStore messages, SettingsStore settings, AccessRules access, ServedModels served,
                           LiveArena arena, GenerationParams defaults, ObjectMapper json, QuestionGrounding grounding) {
        this.json = json;
        this.grounding = grounding;
        this.messages = messages;
        this.settings = settings;
        this.access = access;
        this.served = served;
        this.arena = arena;
        this.defaults = defaults;
    }

    public ChatRequest assemble(Connection connection, GenerationJob job) throws SQLException {
        ConversationCache.Turns turns = messages.turns(connection, job.chatId(), job.conversationId());
        // An extraction's text is data to read, not a member of a group talking: no author's name in front of it.
        List<StoredMessage> asked = turns.upTo(job.question().messageId());
        List<ChatMessage> prompt = PromptTurns.build(turns.systemPrompt(), asked,
                job.place().group() && job.purpose() == ConversationPurpose.CHAT);
        if (job.purpose() == ConversationPurpose.CHAT && !asked.isEmpty()) {
            prompt = grounded(connection, job, prompt, asked.get(asked.size() - 1));
        }
        ChatSettings chat = settings.get(connection, job.chatId());
        Long userId = job.requester().userId();
        boolean priority = userId != null && access.isAdmin(userId);
        // The conversation key sends the next turn to the slot whose cache holds this one.
        // A chat's answers have neither: only extractions and API requests pay for the lookup.
        Shape shape = job.purpose() == ConversationPurpose.CHAT ? Shape.NONE : shape(connection, job.id());
        RequestOptions options = shape.options();
        ChatRequest request = new ChatRequest("user:" + userId, prompt, params(chat.params(defaults), options),
                priority)
                .withConversation("conversation:" + job.conversationId())
                .withRequestId(Long.toString(job.id()))
                .withOutput(new OutputRules(options == null ? List.of() : options.stop(), shape.outputSchema()));
        ArenaTurn side = job.arena();
        if (side == null) {
            return request.withLoras(served.lorasFor(options == null ? chat.adapter() : options.adapter()));
        }
        // One side of a live battle: the variant's parameters over the chat's, its adapter, and its model.
        return new ChatRequest(request.requesterKey(), request.conversationKey(), prompt,
                arena.params(side.side(), chat.params(defaults)), priority, arena.loras(side.side()),
                arena.model(side.side()), request.requestId(), request.output());
    }

    /** The prompt with its last turn carrying the passages found for the question, when there are any. */
    private List<ChatMessage> grounded(Connection connection, GenerationJob job, List<ChatMessage> prompt,
                                       StoredMessage question) throws SQLException {
        GivenSources sources = grounding.forQuestion(connection, job.chatId(), question.id(), question.content());
        ChatMessage last = prompt.get(prompt.size() - 1);
        if (sources.passages().isEmpty() || last.role() != Role.USER) {
            return prompt;
        }
        List<String> questionParts = last.parts().isEmpty() ? List.of(last.content()) : last.parts();
        List<ChatMessage> grounded = new ArrayList<>(prompt.subList(0, prompt.size() - 1));
        grounded.add(ChatMessage.userParts(GroundedQuestion.parts(sources.passages(), questionParts)));
        return grounded;
    }

    /** What the answer's request and conversation ask of its shape beyond the chat's settings. */
    private record Shape(String outputSchema, RequestOptions options) {
        static final Shape NONE = new Shape(null, null);
    }

    private Shape shape(Connection connection, long generationId) throws SQLException {
        return one(connection, "SELECT c.output_schema, g.request_options::text AS options FROM generation g "
                        + "JOIN conversation c ON c.id = g.conversation_id WHERE g.id = ?",
                row -> new Shape(row.getString("output_schema"), options(row.getString("options"))), generationId)
                .orElse(Shape.NONE);
    }

    private RequestOptions options(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, RequestOptions.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored request options cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static GenerationParams params(GenerationParams chat, RequestOptions options) {
        if (options == null) {
            return chat;
        }
        GenerationParams params = chat;
        if (options.temperature() != null) {
            params = params.withTemperature(options.temperature());
        }
        if (options.topP() != null) {
            params = params.withTopP(options.topP());
        }
        if (options.seed() != null) {
            params = params.withSeed(options.seed());
        }
        if (options.maxTokens() != null) {
            params = params.withMaxTokens(options.maxTokens());
        }
        return params;
    }
}
