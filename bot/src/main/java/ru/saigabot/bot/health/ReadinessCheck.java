package ru.saigabot.bot.health;

import java.util.Optional;

/** One thing the bot needs to serve users; quick, never blocking for long. */
@FunctionalInterface
public interface ReadinessCheck {

    /** Why the part is not ready (a short reason for the operator), or empty when it is. */
    Optional<String> problem();
}
