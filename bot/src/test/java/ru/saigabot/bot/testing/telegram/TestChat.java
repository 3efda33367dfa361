package ru.saigabot.bot.testing.telegram;

/**
 * A chat known to the emulator. In Telegram a private chat's id equals the user's id, groups have
 * negative ids and supergroups ids of the form -100xxxxxxxxxx.
 *
 * @param type  {@code private}, {@code group} or {@code supergroup}
 * @param title group title; null for private chats
 * @param user  the other party of a private chat; null for groups
 * @param forum a supergroup with topics: messages carry message_thread_id and is_topic_message
 */
public record TestChat(long id, String type, String title, TestUser user, boolean forum) {

    public TestChat(long id, String type, String title, TestUser user) {
        this(id, type, title, user, false);
    }

    public boolean isPrivate() {
        return "private".equals(type);
    }
}
