package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.access.GroupTrigger;
import ru.saigabot.bot.answer.AnswerService;
import ru.saigabot.bot.answer.NewAnswers;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.dispatch.UpdateNotReady;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.generation.GenerationQueries;
import ru.saigabot.bot.generation.GenerationReason;
import ru.saigabot.bot.generation.Origin;
import ru.saigabot.bot.generation.Place;
import ru.saigabot.bot.generation.Question;
import ru.saigabot.bot.generation.Requester;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.settings.SettingsStore;
import ru.saigabot.bot.store.MessageStore;
import ru.saigabot.inference.text.TextSanitizer;

/**
 * A user edited a message the bot stored. The latest question of a conversation is answered again: the new answer
 * replaces the old one, which stays stored as the rejected side of a preference pair if the user then likes the new
 * one. An older message is only corrected in the stored history.
 */
public final class EditHandler {
    private final Replies replies;
    private final MessageStore messages;
    private final GenerationQueries generations;
    private final NewAnswers newAnswers;
    private final AnswerService answers;
    private final SettingsStore settings;
    private final ChatMessageHandler.BotUser bot;

    public EditHandler(Replies replies, MessageStore messages, GenerationQueries generations, NewAnswers newAnswers,
                       AnswerService answers, SettingsStore settings, ChatMessageHandler.BotUser bot) {
        this.replies = replies;
        this.messages = messages;
        this.generations = generations;
        this.newAnswers = newAnswers;
        this.answers = answers;
        this.settings = settings;
        this.bot = bot;
    }

    public void register(RouteTable routes) {
        routes.add(new Route<>("edited-message", Route.Stage.EVENT, update -> update.hasEditedMessage()
                && update.getEditedMessage().hasText() && update.getEditedMessage().getFrom() != null
                ? Optional.of(update.getEditedMessage()) : Optional.empty(), this::handle));
    }

    private void handle(UpdateContext context, Message message) throws SQLException {
        long chatId = message.getChatId();
        Optional<MessageStore.UserMessageRef> stored = messages.userMessageByTelegramId(context.connection(), chatId,
                message.getMessageId());
        if (stored.isEmpty() || !context.access().served()) {
            return; // a message the bot never kept (a command, or sent before it was added to the group)
        }
        boolean group = !message.getChat().isUserChat();
        String text = TextSanitizer.clean(message.getText());
        if (group) {
            // An edit that removes the address still corrects the context; one that keeps it re-asks.
            text = GroupTrigger.question(text, bot.username(), false,
                    settings.get(context.connection(), chatId).shortName()).orElse(text);
        }
        MessageStore.UserMessageRef ref = stored.get();
        long conversationId = ref.conversationId();
        messages.updateContent(context, chatId, conversationId, ref.id(), text);
        if (!messages.isLastUserMessage(context.connection(), chatId, conversationId, ref.id())) {
            if (!group) {
                replies.to(context, message, Phrase.EDIT_NOT_LATEST.in(context.language()));
            }
            return;
        }
        GenerationQueries.Answering answering = generations.answering(context.connection(), chatId, ref.id());
        if (answering.running()) {
            // The answer to the old text is being written (or is done and not yet stored): stop it, and handle
            // the edit again once it is stored, to answer the corrected text in its place.
            answers.cancel(answering.openGenerationId());
            throw new UpdateNotReady("the answer " + answering.openGenerationId() + " to the edited message is "
                    + "still running");
        }
        if (answering.open()) {
            return; // still queued, and locked until this commits: it starts with the corrected text
        }
        Optional<Long> replaces = answering.currentAnswer();
        if (group && replaces.isEmpty()) {
            return; // context the bot was never asked about: nothing to re-answer
        }
        Optional<String> overLimit = Refusals.hourly(context);
        if (overLimit.isPresent()) {
            replies.to(context, message, overLimit.get()); // the correction is kept; it is not answered again
            return;
        }
        Optional<GenerationJob> created = newAnswers.again(context, new Place(chatId, Replies.threadOf(message), group),
                new Question(conversationId, ref.id(), (long) message.getMessageId()),
                new Requester(context.authorId(), context.language()),
                new Origin(GenerationReason.EDIT, replaces.orElse(null)));
        if (created.isPresent()) {
            context.access().countQuestion();
        }
    }
}
