package ru.saigabot.training.prepare;

/** A run folder could not be prepared for a reason the operator can fix: the data, the base model or the folder. */
public class PrepareException extends RuntimeException {
    public PrepareException(String message) {
        super(message);
    }

    public PrepareException(String message, Throwable cause) {
        super(message, cause);
    }
}
