package ru.saigabot.bot.testing.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reading and validating {@code InlineKeyboardMarkup} JSON. */
final class InlineKeyboards {

    /** Fields that give an inline button an action; a button with none of them is rejected. */
    private static final List<String> ACTION_FIELDS = List.of("callback_data", "url", "web_app", "login_url",
            "switch_inline_query", "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
            "copy_text", "callback_game", "pay");

    private InlineKeyboards() {
    }

    static boolean isInline(JsonNode markup) {
        return markup != null && markup.has("inline_keyboard");
    }

    static List<List<InlineButton>> rows(JsonNode markup) {
        if (!isInline(markup)) {
            return List.of();
        }
        List<List<InlineButton>> rows = new ArrayList<>();
        for (JsonNode row : markup.get("inline_keyboard")) {
            List<InlineButton> buttons = new ArrayList<>();
            for (JsonNode button : row) {
                buttons.add(new InlineButton(button.path("text").asText(), textOrNull(button, "callback_data"),
                        textOrNull(button, "url")));
            }
            rows.add(List.copyOf(buttons));
        }
        return List.copyOf(rows);
    }

    /** The checks Telegram makes that a bot can realistically trip over. */
    static void validate(JsonNode markup) {
        if (markup == null) {
            return;
        }
        if (!markup.isObject()) {
            throw ApiError.badRequest("can't parse reply keyboard markup JSON object");
        }
        if (!markup.has("inline_keyboard")) {
            return; // reply keyboards, ReplyKeyboardRemove, ForceReply: accepted as they are
        }
        JsonNode rows = markup.get("inline_keyboard");
        if (!rows.isArray()) {
            throw ApiError.badRequest("field \"inline_keyboard\" must be of type Array");
        }
        for (JsonNode row : rows) {
            if (!row.isArray()) {
                throw ApiError.badRequest("field \"inline_keyboard\" must be of type Array of Array");
            }
            row.forEach(InlineKeyboards::validateButton);
        }
    }

    private static void validateButton(JsonNode button) {
        if (ACTION_FIELDS.stream().noneMatch(button::has)) {
            throw ApiError.badRequest("text buttons are unallowed in the inline keyboard");
        }
        if (button.has("callback_data")) {
            int bytes = button.get("callback_data").asText().getBytes(StandardCharsets.UTF_8).length;
            if (bytes < 1 || bytes > 64) { // Telegram's documented 1-64 bytes
                throw ApiError.badRequest("BUTTON_DATA_INVALID");
            }
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
