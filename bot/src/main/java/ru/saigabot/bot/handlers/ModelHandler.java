package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageReplyMarkup;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import ru.saigabot.bot.access.GroupAdmins;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.ModelCallback;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.models.ServedModels;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.settings.ChatSettings;
import ru.saigabot.bot.settings.SettingsStore;

/** /model: the served models (the base, and BASE+ADAPTER when one is loaded), switched with buttons. */
public final class ModelHandler {
    private final Replies replies;
    private final SettingsStore settings;
    private final GroupAdmins admins;
    private final ServedModels served;

    public ModelHandler(Replies replies, SettingsStore settings, GroupAdmins admins, ServedModels served) {
        this.replies = replies;
        this.settings = settings;
        this.admins = admins;
        this.served = served;
    }

    public void register(RouteTable routes) {
        routes.command("model", Set.of("model"), this::show)
                .callback("model-switch", ModelCallback::unpack, this::change);
    }

    private void show(UpdateContext context, Command command) throws SQLException {
        Message message = context.update().getMessage();
        String language = context.language();
        if (served.adapter().isEmpty()) {
            replies.to(context, message, Phrase.MODEL_SINGLE.in(language, served.base()));
            return;
        }
        String current = current(settings.get(context.connection(), message.getChatId()));
        replies.to(context, message, Phrase.MODEL_CHOICE.in(language, served.label(current)), keyboard(current));
    }

    private void change(UpdateContext context, ModelCallback pressed) throws SQLException {
        CallbackQuery query = context.update().getCallbackQuery();
        String language = context.language();
        String chosen = pressed.adapter();
        if (query.getMessage() == null || !served.serves(chosen)) {
            context.afterCommit(() -> replies.acknowledge(query, Phrase.MODEL_NOT_SERVED.in(language)));
            return;
        }
        long chatId = query.getMessage().getChatId();
        if (!admins.mayChangeSettings(chatId, query.getMessage().getChat().isUserChat(), query.getFrom().getId())) {
            context.afterCommit(() -> replies.acknowledge(query, Phrase.ADMINS_ONLY.in(language)));
            return;
        }
        settings.save(context, chatId, settings.get(context.connection(), chatId).withAdapter(chosen));
        int messageId = query.getMessage().getMessageId();
        context.afterCommit(() -> {
            replies.acknowledge(query, Phrase.MODEL_SWITCHED.in(language, served.label(chosen)));
            replies.edit(chatId, EditMessageReplyMarkup.builder().chatId(chatId).messageId(messageId)
                    .replyMarkup(keyboard(chosen)).build());
        });
    }

    /** The chat's choice if it is still served, otherwise the base model. */
    private String current(ChatSettings chatSettings) {
        return served.serves(chatSettings.adapter()) ? chatSettings.adapter() : null;
    }

    private InlineKeyboardMarkup keyboard(String current) {
        List<InlineKeyboardRow> rows = new ArrayList<>();
        rows.add(row(null, current));
        served.adapter().ifPresent(adapter -> rows.add(row(adapter.name(), current)));
        return InlineKeyboardMarkup.builder().keyboard(rows).build();
    }

    private InlineKeyboardRow row(String adapter, String current) {
        boolean chosen = adapter == null ? current == null : adapter.equals(current);
        return new InlineKeyboardRow(InlineKeyboardButton.builder()
                .text((chosen ? "✅ " : "🧠 ") + served.label(adapter))
                .callbackData(new ModelCallback(adapter).pack()).build());
    }

}
