package ru.saigabot.bot.dispatch;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.telegram.telegrambots.meta.api.objects.Update;

/**
 * One update being handled inside its transaction. Work that must only happen once the
 * transaction is committed (starting a generation) is registered with {@link #afterCommit}.
 */
public final class UpdateContext {
    private final Update update;
    private final Connection tx;
    private final List<Runnable> afterCommit = new ArrayList<>();

    UpdateContext(Update update, Connection tx) {
        this.update = update;
        this.tx = tx;
    }

    public Update update() {
        return update;
    }

    public Connection tx() {
        return tx;
    }

    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    List<Runnable> afterCommitActions() {
        return List.copyOf(afterCommit);
    }
}
