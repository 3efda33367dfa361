package ru.saigabot.bot.dispatch;

/**
 * Whether a routed command runs: every command route passes through it, after the middleware (so the sender's
 * access is known), before its handler. A refused command is handled as done, and does nothing else.
 */
@FunctionalInterface
public interface CommandGate {
    boolean admit(UpdateContext context, Command command);

    CommandGate OPEN = (context, command) -> true;
}
