package ru.saigabot.bot.render;

import java.util.List;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;
import ru.saigabot.bot.dispatch.FeedbackCallback;
import ru.saigabot.bot.store.Vote;

/** Inline keyboards the bot attaches to its messages. */
public final class Keyboards {
    private Keyboards() {}

    /** 👍 and 👎 under an answer. */
    public static InlineKeyboardMarkup feedback(long generationId) {
        InlineKeyboardButton up = InlineKeyboardButton.builder()
                .text("👍").callbackData(new FeedbackCallback(generationId, Vote.UP).pack()).build();
        InlineKeyboardButton down = InlineKeyboardButton.builder()
                .text("👎").callbackData(new FeedbackCallback(generationId, Vote.DOWN).pack()).build();
        return InlineKeyboardMarkup.builder().keyboard(List.of(new InlineKeyboardRow(up, down))).build();
    }
}
