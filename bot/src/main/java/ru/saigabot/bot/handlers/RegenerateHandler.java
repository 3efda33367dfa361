package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import ru.saigabot.bot.access.AccessRules;
import ru.saigabot.bot.chat.GenerationService;
import ru.saigabot.bot.dispatch.Commands;
import ru.saigabot.bot.dispatch.RegenerateCallback;
import ru.saigabot.bot.dispatch.Route;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.dispatch.UpdateNotReady;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.store.GenerationJob;
import ru.saigabot.bot.store.GenerationStore;
import ru.saigabot.bot.store.MessageStore;

/**
 * 🔄: a new answer to the same user message. The old answer stays stored beside it (a preference pair
 * once the user votes) but leaves the conversation when the new one arrives. Only the latest turn of a
 * conversation can be regenerated: an older one would rewrite the history that later turns built on.
 */
public final class RegenerateHandler {
    private final Replies replies;
    private final Senders senders;
    private final GenerationStore generations;
    private final MessageStore messages;
    private final GenerationService generationService;
    private final AccessRules rules;

    public RegenerateHandler(Replies replies, Senders senders, GenerationStore generations,
                             MessageStore messages, GenerationService generationService, AccessRules rules) {
        this.replies = replies;
        this.senders = senders;
        this.generations = generations;
        this.messages = messages;
        this.generationService = generationService;
        this.rules = rules;
    }

    public Route route() {
        return Commands.callback("regenerate", data -> RegenerateCallback.unpack(data).isPresent(), this::handle);
    }

    private void handle(UpdateContext context) throws SQLException {
        CallbackQuery query = context.update().getCallbackQuery();
        String language = query.getFrom().getLanguageCode();
        long userId = query.getFrom().getId();
        long generationId = RegenerateCallback.unpack(query.getData()).orElseThrow().generationId();
        Optional<GenerationJob> original = query.getMessage() == null ? Optional.empty()
                : generations.find(context.tx(), query.getMessage().getChatId(), generationId);
        if (original.filter(job -> job.status().equals("queued") || job.status().equals("running")).isPresent()) {
            // 🔄 comes with the finished answer, which is stored a moment after Telegram shows it.
            throw new UpdateNotReady("the answer of generation " + generationId + " is being stored");
        }
        int open = original.isEmpty() || rules.isAdmin(userId) ? 0 : generations.openFor(context.tx(), userId);
        String reply;
        if (original.isEmpty()) {
            reply = Phrase.REGENERATE_NOT_FOUND.in(language);
        } else if (!rules.serves(userId, original.get().chatId())) {
            reply = Phrase.NOT_ALLOWED.in(language);
        } else if (!rules.isAdmin(userId) && open >= rules.queuedPerUser()) {
            reply = Phrase.LIMIT_QUEUED.in(language, open);
        } else {
            senders.remember(context, query.getFrom(), query.getMessage().getChat());
            reply = regenerate(context, original.get(), userId, language);
        }
        String text = reply;
        context.afterCommit(() -> replies.acknowledge(query, text));
    }

    private String regenerate(UpdateContext context, GenerationJob original, long userId, String language)
            throws SQLException {
        long chatId = original.chatId();
        if (!messages.isLastUserMessage(context.tx(), chatId, original.conversationId(), original.userMessageId())) {
            return Phrase.REGENERATE_NOT_LATEST.in(language);
        }
        GenerationStore.Answering answering = generations.answering(context.tx(), chatId, original.userMessageId());
        if (answering.open()) {
            return Phrase.REGENERATE_BUSY.in(language);
        }
        Optional<Long> replaces = answering.currentAnswer();
        Optional<Long> created = generations.enqueueAnswer(context.tx(), chatId, original.conversationId(),
                original.userMessageId(), userId, "regenerate", replaces.orElse(null));
        if (created.isEmpty()) {
            return Phrase.REGENERATE_BUSY.in(language);
        }
        GenerationJob job = GenerationJob.queued(created.get(), chatId, original.threadId(), original.conversationId(),
                original.userMessageId(), original.userTgMessageId(), userId, language, "regenerate",
                replaces.orElse(null), original.group());
        context.afterCommit(() -> generationService.submit(job));
        return Phrase.REGENERATE_STARTED.in(language);
    }

}
