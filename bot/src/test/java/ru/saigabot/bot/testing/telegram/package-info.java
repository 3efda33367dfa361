/**
 * A Telegram Bot API emulator for tests: a real HTTP server on 127.0.0.1 that the bot's own
 * TelegramBots {@code OkHttpTelegramClient} talks to, while the test acts as users.
 *
 * <p>Entry point: {@link ru.saigabot.bot.testing.telegram.BotApiEmulator}. Layers:
 * <ul>
 * <li>HTTP: {@code BotApiHttpServer} (routing, token check, faults, JSON answers, file downloads) and
 *     {@code RequestParams} (query, form, multipart and JSON parameters);</li>
 * <li>methods: {@code MessageMethods} (messages, and files sent with sendDocument), {@code FileMethods} (getFile),
 *     {@code BotMethods}, dispatched by {@code MethodRouter};</li>
 * <li>state: {@code UpdateQueue} (getUpdates semantics), {@code ChatStore} (chats and messages),
 *     {@code BotActivity} (commands, chat actions, drafts, callback answers), {@code FileStore} (files by file_id
 *     and file_path), {@code CallLog};</li>
 * <li>test side: {@code UserActions} (users' messages, files, edits, button presses, reactions) and
 *     {@link ru.saigabot.bot.testing.telegram.FaultInjector};</li>
 * <li>Telegram formats: {@code TelegramJson}, {@code HtmlParser} (parse_mode=HTML as TDLib parses it) and
 *     {@code EntityRules} (TDLib's silent fixes of nested entities and trimming), {@code InlineKeyboards}.</li>
 * </ul>
 *
 * <p>Not emulated: media other than documents (sent by the bot or by users), inline mode, webhooks
 * (deleteWebhook/getWebhookInfo just answer), group privacy mode, forum topics beyond echoing message_thread_id,
 * Markdown parsing (accepted, taken literally).
 */
package ru.saigabot.bot.testing.telegram;
