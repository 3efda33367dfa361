package ru.saigabot.bot.store;

/** The database refused or failed a statement; the cause is the driver's exception. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
