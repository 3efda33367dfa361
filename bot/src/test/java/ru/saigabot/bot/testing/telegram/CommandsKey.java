package ru.saigabot.bot.testing.telegram;

/**
 * Where a command list applies. Telegram keeps a separate list per (scope, language_code) and picks the
 * most specific one for a user, so the emulator stores them the same way.
 *
 * @param scopeType    BotCommandScope type: {@code default}, {@code all_private_chats}, {@code chat}, ...
 * @param chatId       for chat scopes, as text (Telegram also accepts {@code @channelusername}); else null
 * @param userId       for {@code chat_member} scope; else null
 * @param languageCode empty string means "all languages without a dedicated list"
 */
public record CommandsKey(String scopeType, String chatId, Long userId, String languageCode) {

    public static CommandsKey of(String scopeType, String languageCode) {
        return new CommandsKey(scopeType, null, null, languageCode == null ? "" : languageCode);
    }
}
