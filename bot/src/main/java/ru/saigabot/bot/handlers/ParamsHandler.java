package ru.saigabot.bot.handlers;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageText;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import ru.saigabot.bot.access.GroupAdmins;
import ru.saigabot.bot.dispatch.Command;
import ru.saigabot.bot.dispatch.ParamsCallback;
import ru.saigabot.bot.dispatch.RouteTable;
import ru.saigabot.bot.dispatch.UpdateContext;
import ru.saigabot.bot.render.Keyboards;
import ru.saigabot.bot.render.Phrase;
import ru.saigabot.bot.settings.ChatSettings;
import ru.saigabot.bot.settings.SettingsStore;
import ru.saigabot.inference.GenerationParams;

/** /params: temperature, top_p and answer length, changed with inline buttons (by group admins in groups). */
public final class ParamsHandler {
    private final Replies replies;
    private final SettingsStore settings;
    private final GroupAdmins admins;
    private final GenerationParams defaults;

    public ParamsHandler(Replies replies, SettingsStore settings, GroupAdmins admins, GenerationParams defaults) {
        this.replies = replies;
        this.settings = settings;
        this.admins = admins;
        this.defaults = defaults;
    }

    public void register(RouteTable routes) {
        routes.command("params", Set.of("params"), this::show)
                .callback("params-change", ParamsCallback::unpack, this::change);
    }

    private void show(UpdateContext context, Command command) throws SQLException {
        Message message = context.update().getMessage();
        GenerationParams params = settings.get(context.connection(), message.getChatId()).params(defaults);
        replies.to(context, message, describe(params, context.language()), keyboard(params));
    }

    private void change(UpdateContext context, ParamsCallback choice) throws SQLException {
        CallbackQuery query = context.update().getCallbackQuery();
        String language = context.language();
        if (query.getMessage() == null) {
            return; // too old for Telegram to say which chat: nothing to change
        }
        long chatId = query.getMessage().getChatId();
        if (!admins.mayChangeSettings(chatId, query.getMessage().getChat().isUserChat(), query.getFrom().getId())) {
            context.afterCommit(() -> replies.acknowledge(query, Phrase.ADMINS_ONLY.in(language)));
            return;
        }
        if (!offered(choice)) {
            // A button an older menu showed, or forged data: above what the operator allows.
            context.afterCommit(() -> replies.acknowledge(query, Phrase.PARAMS_NOT_OFFERED.in(language)));
            return;
        }
        ChatSettings current = settings.get(context.connection(), chatId);
        ChatSettings updated = switch (choice.setting()) {
            case TEMPERATURE -> current.withTemperature(Double.parseDouble(choice.value()));
            case TOP_P -> current.withTopP(Double.parseDouble(choice.value()));
            case MAX_TOKENS -> current.withMaxTokens(Integer.parseInt(choice.value()));
        };
        settings.save(context, chatId, updated);
        GenerationParams params = updated.params(defaults);
        int messageId = query.getMessage().getMessageId();
        context.afterCommit(() -> {
            replies.acknowledge(query, Phrase.PARAMS_CHANGED.in(language));
            replies.edit(chatId, EditMessageText.builder().chatId(chatId).messageId(messageId)
                    .text(describe(params, language)).replyMarkup(keyboard(params)).build());
        });
    }

    private static String describe(GenerationParams params, String language) {
        return Phrase.PARAMS.in(language, number(params.temperature()), number(params.topP()), params.maxTokens());
    }

    private org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup keyboard(
            GenerationParams params) {
        return Keyboards.params(number(params.temperature()), number(params.topP()),
                Integer.toString(params.maxTokens()), this::offered);
    }

    /** An answer length is offered up to the operator's --max-tokens, which is below the context by validation. */
    private boolean offered(ParamsCallback choice) {
        return choice.setting() != ParamsCallback.Setting.MAX_TOKENS
                || Integer.parseInt(choice.value()) <= defaults.maxTokens();
    }

    /** 0.2 as "0.2", 1.0 as "1.0": the same spelling the buttons carry. */
    static String number(double value) {
        String text = String.format(Locale.ROOT, "%.2f", value);
        return text.endsWith("0") ? text.substring(0, text.length() - 1) : text;
    }

}
