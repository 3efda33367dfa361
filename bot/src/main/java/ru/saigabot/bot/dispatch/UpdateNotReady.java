package ru.saigabot.bot.dispatch;

/**
 * Thrown by a handler whose update arrived a moment too early: e.g. a 👍 pressed the instant an answer
 * appeared, before the answer's row committed (Telegram is told first, see AnswerSession). The update
 * stays in the inbox and is handled again shortly, without an error report.
 */
public final class UpdateNotReady extends RuntimeException {
    public UpdateNotReady(String message) {
        super(message, null, false, false);
    }
}
