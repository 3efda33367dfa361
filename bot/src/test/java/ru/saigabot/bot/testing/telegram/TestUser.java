package ru.saigabot.bot.testing.telegram;

/**
 * A Telegram user a test acts as. Only what the Bot API puts into a {@code User} object.
 *
 * @param username     without the leading {@code @}; may be null (many real users have none)
 * @param languageCode IETF tag as the client reports it (e.g. {@code "ru"}); may be null
 */
public record TestUser(long id, String firstName, String username, String languageCode) {

    public static TestUser of(long id, String firstName, String languageCode) {
        return new TestUser(id, firstName, null, languageCode);
    }
}
