package ru.saigabot.bot.dispatch;

import java.util.Optional;

/** The answer to /forget's confirmation: delete everything, or not. */
public record ForgetCallback(boolean confirmed) {
    private static final String YES = "forget:yes";
    private static final String NO = "forget:no";

    public String pack() {
        return confirmed ? YES : NO;
    }

    public static Optional<ForgetCallback> unpack(String data) {
        if (YES.equals(data)) {
            return Optional.of(new ForgetCallback(true));
        }
        if (NO.equals(data)) {
            return Optional.of(new ForgetCallback(false));
        }
        return Optional.empty();
    }
}
