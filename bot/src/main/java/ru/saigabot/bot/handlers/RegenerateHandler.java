package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import ru.saigabot.bot.answer.NewAnswers;
import ru.saigabot.bot.dispatch.RegenerateCallback;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.dispatch.UpdateNotReady;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.generation.GenerationQueries;
import ru.saigabot.bot.generation.GenerationReason;
import ru.saigabot.bot.generation.Origin;
import ru.saigabot.bot.generation.Requester;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.store.MessageStore;

/**
 * 🔄: a new answer to the same question. The old answer stays stored beside it (a preference pair once the user
 * votes) but leaves the conversation when the new one arrives. Only the latest turn of a conversation can be
 * regenerated: an older one would rewrite the history that later turns built on.
 */
public final class RegenerateHandler {
    private final Replies replies;
    private final GenerationQueries generations;
    private final MessageStore messages;
    private final NewAnswers answers;

    public RegenerateHandler(Replies replies, GenerationQueries generations, MessageStore messages,
                             NewAnswers answers) {
        this.replies = replies;
        this.generations = generations;
        this.messages = messages;
        this.answers = answers;
    }

    public void register(RouteTable routes) {
        routes.callback("regenerate", RegenerateCallback::unpack, this::handle);
    }

    private void handle(UpdateContext context, RegenerateCallback pressed) throws SQLException {
        CallbackQuery query = context.update().getCallbackQuery();
        String language = context.language();
        long generationId = pressed.generationId();
        Optional<GenerationJob> original = context.chat() == null ? Optional.empty()
                : generations.find(context.connection(), context.chat().getId(), generationId);
        if (original.filter(job -> job.state().status().open()).isPresent()) {
            // 🔄 comes with the finished answer, which is stored a moment after Telegram shows it.
            throw new UpdateNotReady("the answer of generation " + generationId + " is being stored");
        }
        int open = original.isEmpty() || context.access().admin() ? 0
                : generations.openFor(context.connection(), query.getFrom().getId());
        Optional<String> hourly = Refusals.hourly(context);
        String reply;
        if (original.isEmpty()) {
            reply = Phrase.REGENERATE_NOT_FOUND.in(language);
        } else if (!context.access().served()) {
            reply = Phrase.NOT_ALLOWED.in(language);
        } else if (open >= context.access().maxOpenRequests()) {
            reply = Phrase.LIMIT_QUEUED.in(language, open);
        } else if (hourly.isPresent()) {
            reply = hourly.get();
        } else {
            reply = regenerate(context, original.get(), query.getFrom().getId(), language);
        }
        context.afterCommit(() -> replies.acknowledge(query, reply));
    }

    private String regenerate(UpdateContext context, GenerationJob original, long userId, String language)
            throws SQLException {
        long chatId = original.chatId();
        long questionId = original.question().messageId();
        if (!messages.isLastUserMessage(context.connection(), chatId, original.conversationId(), questionId)) {
            return Phrase.REGENERATE_NOT_LATEST.in(language);
        }
        GenerationQueries.Answering answering = generations.answering(context.connection(), chatId, questionId);
        if (answering.open()) {
            return Phrase.REGENERATE_BUSY.in(language);
        }
        Optional<GenerationJob> created = answers.again(context, original.place(), original.question(),
                new Requester(userId, language),
                new Origin(GenerationReason.REGENERATE, answering.currentAnswer().orElse(null)));
        if (created.isEmpty()) {
            return Phrase.REGENERATE_BUSY.in(language);
        }
        context.access().countQuestion();
        return Phrase.REGENERATE_STARTED.in(language);
    }
}
