package ru.saigabot.bot.answer;

import ru.saigabot.inference.EngineBusyException;
import ru.saigabot.inference.context.PromptTooLongException;

/** Why a request got no answer, as a destination tells its user. */
public sealed interface AnswerFailure {

    /** The conversation's prompt does not fit the context, even with its history left out. */
    record TooLong(int neededTokens, int availableTokens) implements AnswerFailure {}

    /** The queue in front of the model is full. */
    record Busy() implements AnswerFailure {}

    /** Anything else: the engine or the database failed. */
    record Failed() implements AnswerFailure {}

    static AnswerFailure of(Throwable error) {
        if (error instanceof PromptTooLongException tooLong) {
            return new TooLong(tooLong.neededTokens(), tooLong.availableTokens());
        }
        return error instanceof EngineBusyException ? new Busy() : new Failed();
    }

    default RequestOutcome outcome() {
        if (this instanceof TooLong) {
            return RequestOutcome.TOO_LONG;
        }
        return this instanceof Busy ? RequestOutcome.BUSY : RequestOutcome.FAILED;
    }
}
