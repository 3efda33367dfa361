package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.reactions.MessageReactionUpdated;
import org.telegram.telegrambots.meta.api.objects.reactions.ReactionType;
import org.telegram.telegrambots.meta.api.objects.reactions.ReactionTypeEmoji;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.store.FeedbackStore;
import ru.saigabot.bot.store.MessageStore;
import ru.saigabot.bot.store.PreferenceStore;
import ru.saigabot.bot.store.Vote;

/**
 * Telegram's own 👍/👎 reactions on an answer count as the buttons do; taking the reaction back takes the vote
 * back. Other reactions are not votes.
 */
public final class ReactionHandler {
    private final MessageStore messages;
    private final FeedbackStore feedback;
    private final PreferenceStore preferences;

    public ReactionHandler(MessageStore messages, FeedbackStore feedback, PreferenceStore preferences) {
        this.messages = messages;
        this.feedback = feedback;
        this.preferences = preferences;
    }

    public void register(RouteTable routes) {
        routes.add(new Route<>("reaction", Route.Stage.EVENT, update -> Optional.ofNullable(update.getMessageReaction())
                .filter(reaction -> reaction.getUser() != null), this::handle));
    }

    private void handle(UpdateContext context, MessageReactionUpdated reaction) throws SQLException {
        long chatId = reaction.getChat().getId();
        long userId = reaction.getUser().getId();
        Optional<Long> answer = messages.answerByTelegramId(context.connection(), chatId, reaction.getMessageId());
        if (answer.isEmpty()) {
            return; // a reaction on something that is not an answer
        }
        Optional<Vote> vote = voteOf(reaction.getNewReaction());
        if (vote.isPresent()) {
            FeedbackStore.Outcome outcome = feedback.vote(context.connection(), chatId, answer.get(), userId,
                    vote.get(), "reaction");
            if (outcome == FeedbackStore.Outcome.RECORDED || outcome == FeedbackStore.Outcome.CHANGED) {
                preferences.voteChanged(context.connection(), chatId, answer.get(), userId, vote.get());
            }
        } else if (voteOf(reaction.getOldReaction()).isPresent()) {
            feedback.withdraw(context.connection(), chatId, answer.get(), userId);
        }
    }

    /** 👍 or 👎 among the reactions (Telegram allows several for premium users; the last one wins). */
    static Optional<Vote> voteOf(List<ReactionType> reactions) {
        Optional<Vote> vote = Optional.empty();
        for (ReactionType type : reactions == null ? List.<ReactionType>of() : reactions) {
            if (type instanceof ReactionTypeEmoji emoji) {
                if ("👍".equals(emoji.getEmoji())) {
                    vote = Optional.of(Vote.UP);
                } else if ("👎".equals(emoji.getEmoji())) {
                    vote = Optional.of(Vote.DOWN);
                }
            }
        }
        return vote;
    }
}
