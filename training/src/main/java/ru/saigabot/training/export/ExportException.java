package ru.saigabot.training.export;

/** The export could not be done for a reason the operator can fix: the database or the output folder. */
public class ExportException extends RuntimeException {
    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
