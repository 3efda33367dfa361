package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import ru.saigabot.bot.dispatch.FeedbackCallback;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.dispatch.UpdateNotReady;
import ru.saigabot.bot.generation.GenerationQueries;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.store.FeedbackStore;
import ru.saigabot.bot.store.PreferenceStore;

/** 👍/👎 under an answer: one current vote per user, changed by pressing the other button. */
public final class FeedbackHandler {
    private final Replies replies;
    private final GenerationQueries generations;
    private final FeedbackStore feedback;
    private final PreferenceStore preferences;

    public FeedbackHandler(Replies replies, GenerationQueries generations, FeedbackStore feedback,
                           PreferenceStore preferences) {
        this.replies = replies;
        this.generations = generations;
        this.feedback = feedback;
        this.preferences = preferences;
    }

    public void register(RouteTable routes) {
        routes.callback("feedback", FeedbackCallback::unpack, this::handle);
    }

    private void handle(UpdateContext context, FeedbackCallback pressed) throws SQLException {
        CallbackQuery query = context.update().getCallbackQuery();
        FeedbackStore.Outcome outcome = context.chat() == null ? FeedbackStore.Outcome.NOT_FOUND // too old to say where
                : vote(context, context.chat().getId(), query.getFrom().getId(), pressed);
        Phrase reply = switch (outcome) {
            case RECORDED -> Phrase.VOTE_RECORDED;
            case CHANGED -> Phrase.VOTE_CHANGED;
            case UNCHANGED -> Phrase.VOTE_UNCHANGED;
            case NOT_FOUND -> Phrase.VOTE_NOT_FOUND;
        };
        String text = reply.in(context.language());
        // Acknowledge after commit: the spinner on the user's button stops only once the vote is stored.
        context.afterCommit(() -> replies.acknowledge(query, text));
    }

    private FeedbackStore.Outcome vote(UpdateContext context, long chatId, long userId, FeedbackCallback pressed)
            throws SQLException {
        Optional<GenerationQueries.AnswerState> state = generations.answerOf(context.connection(), chatId,
                pressed.generationId());
        if (state.filter(GenerationQueries.AnswerState::pending).isPresent()) {
            throw new UpdateNotReady("the answer of generation " + pressed.generationId() + " is being stored");
        }
        Optional<Long> answer = state.map(GenerationQueries.AnswerState::answerMessageId);
        if (answer.isEmpty()) {
            return FeedbackStore.Outcome.NOT_FOUND;
        }
        FeedbackStore.Outcome outcome = feedback.vote(context.connection(), chatId, answer.get(), userId,
                pressed.vote(), "button");
        if (outcome == FeedbackStore.Outcome.RECORDED || outcome == FeedbackStore.Outcome.CHANGED) {
            preferences.voteChanged(context.connection(), chatId, answer.get(), userId, pressed.vote());
        }
        return outcome;
    }
}
