package ru.saigabot.bot.testing.telegram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the bot did besides messages: command lists, chat actions, drafts, callback answers. */
final class BotActivity {

    private final Monitor monitor = new Monitor();
    private final Map<CommandsKey, List<BotCommandEntry>> commands = new LinkedHashMap<>();
    private final List<ChatAction> chatActions = new ArrayList<>();
    private final List<MessageDraft> drafts = new ArrayList<>();
    /** Every callback query id ever issued; value is the answer, or null while unanswered. */
    private final Map<String, CallbackAnswer> callbackQueries = new HashMap<>();
    private long lastQueryId = 4_700_000_000_000_000_000L; // real ids are long numeric strings

    void setCommands(CommandsKey key, List<BotCommandEntry> list) {
        monitor.write(() -> {
            if (list.isEmpty()) {
                commands.remove(key); // Telegram treats an empty list like deleteMyCommands
            } else {
                commands.put(key, List.copyOf(list));
            }
        });
    }

    void deleteCommands(CommandsKey key) {
        monitor.write(() -> commands.remove(key));
    }

    List<BotCommandEntry> commands(CommandsKey key) {
        return monitor.read(() -> commands.getOrDefault(key, List.of()));
    }

    Map<CommandsKey, List<BotCommandEntry>> allCommands() {
        return monitor.read(() -> Map.copyOf(commands));
    }

    void record(ChatAction action) {
        monitor.write(() -> chatActions.add(action));
    }

    List<ChatAction> chatActions(long chatId) {
        return monitor.read(() -> chatActions.stream().filter(a -> a.chatId() == chatId).toList());
    }

    void record(MessageDraft draft) {
        monitor.write(() -> drafts.add(draft));
    }

    /** The first draft in the chat that matches, waiting for it. */
    Optional<MessageDraft> awaitDraft(long chatId, java.util.function.Predicate<MessageDraft> filter, Duration timeout) {
        return monitor.awaitUninterruptibly(() -> drafts.stream().filter(d -> d.chatId() == chatId && filter.test(d))
                .findFirst(), timeout);
    }

    List<MessageDraft> drafts(long chatId) {
        return monitor.read(() -> drafts.stream().filter(d -> d.chatId() == chatId).toList());
    }

    /** Issues a new callback query id; it must exist before the update is visible to the bot. */
    String openCallbackQuery() {
        return monitor.write(() -> {
            String id = Long.toString(++lastQueryId);
            callbackQueries.put(id, null);
            return id;
        });
    }

    /** Telegram rejects unknown ids and second answers with the same message. */
    void answer(CallbackAnswer answer) {
        monitor.write(() -> {
            if (!callbackQueries.containsKey(answer.queryId()) || callbackQueries.get(answer.queryId()) != null) {
                throw ApiError.badRequest("query is too old and response timeout expired or query ID is invalid");
            }
            callbackQueries.put(answer.queryId(), answer);
        });
    }

    Optional<CallbackAnswer> callbackAnswer(String queryId) {
        return monitor.read(() -> Optional.ofNullable(callbackQueries.get(queryId)));
    }

    Optional<CallbackAnswer> awaitCallbackAnswer(String queryId, Duration timeout) {
        return monitor.awaitUninterruptibly(() -> Optional.ofNullable(callbackQueries.get(queryId)), timeout);
    }
}
