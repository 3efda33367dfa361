package ru.saigabot.bot.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.inference.InvalidSettingException;

/**
 * Turns a refusal a user can cause into one line on stderr and exit code 2: a {@link ConfigException}, or an
 * {@link InvalidSettingException} (a setting out of its range, whichever module checked it). Anything else is a
 * crash, with its stack trace and exit code 1.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        if (isUserError(e)) {
            commandLine.getErr().println("saiga-bot: " + e.getMessage());
            commandLine.getErr().flush();
            return ExitCodes.USER_ERROR;
        }
        commandLine.getErr().println("saiga-bot: unexpected failure: " + e);
        e.printStackTrace(commandLine.getErr());
        commandLine.getErr().flush();
        return ExitCodes.FAILURE;
    }

    /** What the user can fix: their settings, not a bug. */
    static boolean isUserError(Throwable e) {
        return e instanceof ConfigException || e instanceof InvalidSettingException;
    }
}
