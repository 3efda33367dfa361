package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.Update;
import ru.saigabot.bot.dispatch.FeedbackCallback;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.dispatch.UpdateNotReady;
import ru.saigabot.bot.render.Texts;
import ru.saigabot.bot.store.FeedbackStore;
import ru.saigabot.bot.store.GenerationStore;
import ru.saigabot.bot.store.PreferenceStore;

/** 👍/👎 under an answer: one current vote per user, changed by pressing the other button. */
public final class FeedbackHandler {
    private final Replies replies;
    private final Senders senders;
    private final GenerationStore generations;
    private final FeedbackStore feedback;
    private final PreferenceStore preferences;

    public FeedbackHandler(Replies replies, Senders senders, GenerationStore generations,
                           FeedbackStore feedback, PreferenceStore preferences) {
        this.preferences = preferences;
        this.replies = replies;
        this.senders = senders;
        this.generations = generations;
        this.feedback = feedback;
    }

    public Route route() {
        return new Route("feedback", update -> update.hasCallbackQuery()
                && FeedbackCallback.unpack(update.getCallbackQuery().getData()).isPresent(), this::handle);
    }

    private void handle(UpdateContext context) throws SQLException {
        CallbackQuery query = context.update().getCallbackQuery();
        FeedbackCallback data = FeedbackCallback.unpack(query.getData()).orElseThrow();
        Texts texts = Texts.forLanguage(query.getFrom().getLanguageCode());
        String reply;
        if (query.getMessage() == null) {
            reply = texts.voteNotFound; // the message is too old for Telegram to say where it was
        } else {
            long chatId = query.getMessage().getChatId();
            senders.remember(context, query.getFrom(), query.getMessage().getChat());
            Optional<GenerationStore.AnswerState> state = generations.answerOf(context.tx(), chatId,
                    data.generationId());
            if (state.filter(GenerationStore.AnswerState::pending).isPresent()) {
                throw new UpdateNotReady("the answer of generation " + data.generationId() + " is being stored");
            }
            Optional<Long> answer = state.map(GenerationStore.AnswerState::answerMessageId);
            FeedbackStore.Outcome outcome = answer.isEmpty() ? FeedbackStore.Outcome.NOT_FOUND
                    : feedback.vote(context.tx(), chatId, answer.get(), query.getFrom().getId(), data.vote(), "button");
            if (outcome == FeedbackStore.Outcome.RECORDED || outcome == FeedbackStore.Outcome.CHANGED) {
                preferences.voteChanged(context.tx(), chatId, answer.get(), query.getFrom().getId(), data.vote());
            }
            switch (outcome) {
                case RECORDED:
                    reply = texts.voteRecorded;
                    break;
                case CHANGED:
                    reply = texts.voteChanged;
                    break;
                case UNCHANGED:
                    reply = texts.voteUnchanged;
                    break;
                default:
                    reply = texts.voteNotFound;
            }
        }
        String text = reply;
        // Acknowledge after commit: the spinner on the user's button stops only once the vote is stored.
        context.afterCommit(() -> replies.acknowledge(query, text));
    }
}
