package ru.saigabot.bot.dispatch;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.chat.Chat;
import ru.saigabot.bot.store.Tx;

/**
 * One update being handled inside its transaction, with what the middleware found out once for every handler:
 * who sent it and where ({@link Sender}), in which language to answer, and what they may do ({@link Access}).
 * Work that must only happen once the transaction has committed is registered with {@link #afterCommit}.
 */
public final class UpdateContext implements Tx {
    private final Update update;
    private final Connection connection;
    private final Sender sender;
    private final List<Runnable> afterCommit = new ArrayList<>();
    private Access access = Access.NONE;

    UpdateContext(Update update, Connection connection) {
        this.update = update;
        this.connection = connection;
        this.sender = Sender.of(update);
    }

    public Update update() {
        return update;
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /** The person who sent the update; null for updates from nobody (a channel post, a service update). */
    public User user() {
        return sender.user();
    }

    /** The chat the update happened in; null where Telegram no longer says (an old button's message). */
    public Chat chat() {
        return sender.chat();
    }

    /**
     * Who wrote the update, for limits and stored messages: the user, or the chat a message was sent on behalf of
     * (an anonymous admin's group, the channel someone posts as), whose members would otherwise all count as one
     * shared account. Null when nobody did.
     */
    public Long authorId() {
        return sender.authorId();
    }

    /** The author's name as a group's prompt shows it: the first name, or the sender chat's title. */
    public String authorName() {
        return sender.authorName();
    }

    /** The sender's Telegram language, null when unknown: the bot answers in English for "en…", Russian otherwise. */
    public String language() {
        return sender.language();
    }

    public Access access() {
        return access;
    }

    void decided(Access decision) {
        this.access = decision;
    }

    Sender sender() {
        return sender;
    }

    List<Runnable> afterCommitActions() {
        return List.copyOf(afterCommit);
    }
}
