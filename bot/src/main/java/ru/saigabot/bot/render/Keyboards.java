package ru.saigabot.bot.render;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import ru.saigabot.bot.dispatch.ConversationCallback;
import ru.saigabot.bot.dispatch.DocumentCallback;
import ru.saigabot.bot.dispatch.FeedbackCallback;
import ru.saigabot.bot.dispatch.ParamsCallback;
import ru.saigabot.bot.dispatch.RegenerateCallback;
import ru.saigabot.bot.documents.ChatDocument;
import ru.saigabot.bot.store.ChatStore.ConversationSummary;
import ru.saigabot.bot.store.Vote;

/** Inline keyboards the bot attaches to its messages. */
public final class Keyboards {
    /** A file's name on its /docs button is cut to this: Telegram shows about this much on a phone. */
    static final int DOCUMENT_NAME_CHARS = 40;
    private Keyboards() {}

    /** 👍, 👎 and 🔄 under an answer. */
    public static InlineKeyboardMarkup feedback(long generationId) {
        return InlineKeyboardMarkup.builder().keyboard(List.of(new InlineKeyboardRow(
                button("👍", new FeedbackCallback(generationId, Vote.UP).pack()),
                button("👎", new FeedbackCallback(generationId, Vote.DOWN).pack()),
                button("🔄", new RegenerateCallback(generationId).pack())))).build();
    }

    /** 🔄 alone, under an answer that failed. */
    public static InlineKeyboardMarkup retry(long generationId) {
        return InlineKeyboardMarkup.builder().keyboard(List.of(new InlineKeyboardRow(
                button("🔄", new RegenerateCallback(generationId).pack())))).build();
    }

    /**
     * /params: a row per setting, the current value marked.
     *
     * @param offered which choices to show (answer lengths above the operator's limit are not)
     */
    public static InlineKeyboardMarkup params(String temperature, String topP, String maxTokens,
                                              Predicate<ParamsCallback> offered) {
        List<InlineKeyboardRow> rows = new ArrayList<>();
        rows.add(row(ParamsCallback.Setting.TEMPERATURE, "🌡", temperature, offered));
        rows.add(row(ParamsCallback.Setting.TOP_P, "🎯", topP, offered));
        rows.add(row(ParamsCallback.Setting.MAX_TOKENS, "📏", maxTokens, offered));
        return InlineKeyboardMarkup.builder().keyboard(rows).build();
    }

    /** /chats: one button per conversation, the current one marked. */
    public static InlineKeyboardMarkup conversations(List<ConversationSummary> conversations, long currentId,
                                                     String untitled) {
        List<InlineKeyboardRow> rows = new ArrayList<>();
        for (ConversationSummary conversation : conversations) {
            String title = conversation.title() == null ? untitled : conversation.title();
            rows.add(new InlineKeyboardRow(button((conversation.id() == currentId ? "✅ " : "💬 ") + title,
                    new ConversationCallback(conversation.id()).pack())));
        }
        return InlineKeyboardMarkup.builder().keyboard(rows).build();
    }

    /** /docs: a row per document, its name and a switch, and a button to delete it. */
    public static InlineKeyboardMarkup documents(List<ChatDocument> documents) {
        List<InlineKeyboardRow> rows = new ArrayList<>();
        for (ChatDocument document : documents) {
            String name = document.fileName().length() > DOCUMENT_NAME_CHARS
                    ? document.fileName().substring(0, DOCUMENT_NAME_CHARS - 1) + "…" : document.fileName();
            DocumentCallback.Action toggle = document.active() ? DocumentCallback.Action.OFF
                    : DocumentCallback.Action.ON;
            rows.add(new InlineKeyboardRow(
                    button((document.active() ? "🔔 " : "🔕 ") + name,
                            new DocumentCallback(toggle, document.id()).pack()),
                    button("🗑", new DocumentCallback(DocumentCallback.Action.DELETE, document.id()).pack())));
        }
        return InlineKeyboardMarkup.builder().keyboard(rows).build();
    }

    private static InlineKeyboardRow row(ParamsCallback.Setting setting, String icon, String current,
                                         Predicate<ParamsCallback> offered) {
        InlineKeyboardRow row = new InlineKeyboardRow();
        for (String value : setting.choices().stream().sorted(Keyboards::numerically)
                .filter(value -> offered.test(new ParamsCallback(setting, value))).toList()) {
            String label = value.equals(current) ? "✅ " + value : icon + " " + value;
            row.add(button(label, new ParamsCallback(setting, value).pack()));
        }
        return row;
    }

    private static int numerically(String a, String b) {
        return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
    }

    private static InlineKeyboardButton button(String text, String data) {
        return InlineKeyboardButton.builder().text(text).callbackData(data).build();
    }
}
