package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.ParseMode;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageReplyMarkup;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.arena.ArenaOptions;
import ru.saigabot.bot.arena.Choice;
import ru.saigabot.bot.dispatch.AnnotateCallback;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.ArenaView;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.store.ArenaStore;
import ru.saigabot.bot.store.ArenaStore.Assignment;
import ru.saigabot.bot.store.LiveBattleStore;

/**
 * /annotate: one arena task at a time, in a private chat. An annotator never gets a task twice; a task goes out
 * until it has the overlap's votes; which variant is shown as "A" is drawn for each showing and recorded. A
 * button press stores the vote and shows the next task at once. The same buttons under a live battle (/arena)
 * store the chat user's vote and let the chosen answer continue the conversation.
 */
public final class AnnotateHandler {
    private static final Logger log = LoggerFactory.getLogger(AnnotateHandler.class);

    private final Replies replies;
    private final ArenaStore arena;
    private final LiveBattleStore battles;
    private final ArenaOptions options;
    private final BooleanSupplier leftIsA;

    /** @param leftIsA draws whether a task's variant a is shown as "A" (random; fixed in tests) */
    public AnnotateHandler(Replies replies, ArenaStore arena, LiveBattleStore battles, ArenaOptions options,
                           BooleanSupplier leftIsA) {
        this.replies = replies;
        this.arena = arena;
        this.battles = battles;
        this.options = options;
        this.leftIsA = leftIsA;
    }

    public void register(RouteTable routes) {
        routes.command("annotate", Set.of("annotate"), this::start)
                .callback("annotate-vote", AnnotateCallback::unpack, this::vote);
    }

    private void start(UpdateContext context, Command command) throws SQLException {
        Message message = context.update().getMessage();
        String language = context.language();
        long userId = message.getFrom().getId();
        if (!message.getChat().isUserChat()) {
            replies.to(context, message, Phrase.ARENA_PRIVATE_ONLY.in(language));
            return;
        }
        if (!context.access().served()) {
            replies.to(context, message, Phrase.NOT_ALLOWED.in(language));
            return;
        }
        Optional<Assignment> task = arena.openAssignment(context.connection(), userId);
        if (task.isEmpty()) {
            task = arena.assignNext(context.connection(), userId, options.overlap(), leftIsA.getAsBoolean());
        }
        show(context, message.getChatId(), task, language);
    }

    private void vote(UpdateContext context, AnnotateCallback data) throws SQLException {
        CallbackQuery query = context.update().getCallbackQuery();
        String language = context.language();
        long userId = query.getFrom().getId();
        Optional<Boolean> leftIsAOfTask = arena.leftIsA(context.connection(), data.voteId(), userId);
        if (query.getMessage() == null || leftIsAOfTask.isEmpty()) {
            context.afterCommit(() -> replies.acknowledge(query, Phrase.ARENA_NOT_FOUND.in(language)));
            return;
        }
        Choice choice = data.shown().toChoice(leftIsAOfTask.get());
        ArenaStore.VoteOutcome outcome = arena.vote(context.connection(), data.voteId(), userId, choice.id());
        long chatId = query.getMessage().getChatId();
        int messageId = query.getMessage().getMessageId();
        if (outcome != ArenaStore.VoteOutcome.RECORDED) {
            context.afterCommit(() -> replies.acknowledge(query, Phrase.ARENA_ALREADY_VOTED.in(language)));
            return;
        }
        log.info("arena vote: vote_id={} user_id={} choice={}", data.voteId(), userId, choice.id());
        Optional<Long> battle = battles.chooseLive(context, data.voteId(), choice.id());
        if (battle.isPresent()) {
            // A live battle in a chat: the chosen answer continues the conversation; no next task follows.
            context.afterCommit(() -> {
                replies.acknowledge(query, Phrase.ARENA_VOTED.in(language));
                removeButtons(chatId, messageId);
            });
            return;
        }
        context.afterCommit(() -> {
            replies.acknowledge(query, (choice == Choice.SKIPPED ? Phrase.ARENA_SKIPPED : Phrase.ARENA_VOTED)
                    .in(language));
            removeButtons(chatId, messageId);
        });
        Optional<Assignment> next = arena.assignNext(context.connection(), userId, options.overlap(),
                leftIsA.getAsBoolean());
        show(context, chatId, next, language);
    }

    private void show(UpdateContext context, long chatId, Optional<Assignment> task, String language) {
        if (task.isEmpty()) {
            context.afterCommit(() -> send(SendMessage.builder().chatId(chatId)
                    .text(Phrase.ARENA_NO_TASKS.in(language)).build(), chatId));
            return;
        }
        Assignment shown = task.get();
        List<String> messages = ArenaView.messages(shown.taskId(), shown.prompt(), shown.shownA(), shown.shownB(),
                language);
        context.afterCommit(() -> {
            for (int i = 0; i < messages.size(); i++) {
                boolean last = i == messages.size() - 1;
                send(SendMessage.builder().chatId(chatId).text(messages.get(i)).parseMode(ParseMode.HTML)
                        .replyMarkup(last ? ArenaView.buttons(shown.voteId(), language) : null).build(), chatId);
            }
        });
    }

    /** The assignment is stored: if this is lost, /annotate shows the same task again. */
    private void send(SendMessage message, long chatId) {
        replies.send(chatId, message);
    }

    /** The pressed comparison keeps its text, without buttons: a vote is final. */
    private void removeButtons(long chatId, int messageId) {
        replies.send(chatId, EditMessageReplyMarkup.builder().chatId(chatId).messageId(messageId).build());
    }
}
