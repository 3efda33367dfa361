package ru.saigabot.bot.render;

import java.util.ArrayList;
import java.util.List;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import ru.saigabot.bot.arena.Shown;
import ru.saigabot.bot.dispatch.AnnotateCallback;

/**
 * An arena comparison as Telegram messages: the question, answer A, then answer B with the question asked again
 * and the buttons under it. Each part starts a new message so the answers are read separately; a part longer
 * than Telegram's limit continues in further messages, and the buttons go under the very last one.
 */
public final class ArenaView {
    private ArenaView() {}

    /** The HTML messages showing a comparison, in order. */
    public static List<String> messages(long taskId, String prompt, String shownA, String shownB, String language) {
        List<String> messages = new ArrayList<>();
        messages.addAll(HtmlSplitter.split(Phrase.ARENA_TASK.in(language, taskId, TelegramHtml.escape(prompt)),
                HtmlSplitter.TELEGRAM_LIMIT));
        messages.addAll(HtmlSplitter.split(Phrase.ARENA_ANSWER_A.in(language, TelegramHtml.escape(shownA)),
                HtmlSplitter.TELEGRAM_LIMIT));
        messages.addAll(HtmlSplitter.split(Phrase.ARENA_ANSWER_B.in(language, TelegramHtml.escape(shownB))
                + "\n\n" + Phrase.ARENA_QUESTION.in(language), HtmlSplitter.TELEGRAM_LIMIT));
        return messages;
    }

    /** "A лучше", "B лучше" / "Одинаково", "Оба плохие" / skip (annotation tasks only). */
    public static InlineKeyboardMarkup buttons(long voteId, String language) {
        return buttons(voteId, language, true);
    }

    public static InlineKeyboardMarkup buttons(long voteId, String language, boolean skip) {
        List<InlineKeyboardRow> rows = new ArrayList<>(List.of(
                new InlineKeyboardRow(button(voteId, Shown.LEFT, Phrase.ARENA_BUTTON_A.in(language)),
                        button(voteId, Shown.RIGHT, Phrase.ARENA_BUTTON_B.in(language))),
                new InlineKeyboardRow(button(voteId, Shown.TIE, Phrase.ARENA_BUTTON_TIE.in(language)),
                        button(voteId, Shown.BOTH_BAD, Phrase.ARENA_BUTTON_BOTH_BAD.in(language)))));
        if (skip) {
            rows.add(new InlineKeyboardRow(button(voteId, Shown.SKIP, Phrase.ARENA_BUTTON_SKIP.in(language))));
        }
        return InlineKeyboardMarkup.builder().keyboard(rows).build();
    }

    /**
     * A live battle's answer (already Telegram HTML, in parts) under its label "Ответ A" or "Ответ B"; the label
     * is a message of its own when the first part has no room left for it.
     */
    public static List<String> labelled(List<String> parts, boolean shownFirst, String language) {
        List<String> labelled = new ArrayList<>(parts);
        Phrase label = shownFirst ? Phrase.ARENA_ANSWER_A : Phrase.ARENA_ANSWER_B;
        String first = label.in(language, parts.get(0));
        if (first.length() <= HtmlSplitter.TELEGRAM_LIMIT) {
            labelled.set(0, first);
        } else {
            labelled.add(0, label.in(language, "").strip());
        }
        return labelled;
    }

    private static InlineKeyboardButton button(long voteId, Shown shown, String text) {
        return InlineKeyboardButton.builder().text(text).callbackData(new AnnotateCallback(voteId, shown).pack()).build();
    }
}
