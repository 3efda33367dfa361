package ru.saigabot.inference;

/** The queue in front of the model is full: the request was not accepted. Worth trying again later. */
public class EngineBusyException extends InferenceException {
    public EngineBusyException(String message) {
        super(message);
    }
}
