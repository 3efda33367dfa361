package ru.saigabot.bot.testing.telegram;

/**
 * One button of an inline keyboard.
 *
 * @param callbackData null for non-callback buttons (e.g. url buttons)
 * @param url          null unless it is a url button
 */
public record InlineButton(String text, String callbackData, String url) {
}
