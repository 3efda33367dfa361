package ru.saigabot.bot.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import ru.saigabot.bot.config.ConfigException;

/** Turns a {@link ConfigException} into one line on stderr and exit code 2; anything else is a crash. */
final class UserErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        if (e instanceof ConfigException) {
            commandLine.getErr().println("saiga-bot: " + e.getMessage());
            commandLine.getErr().flush();
            return ExitCodes.USER_ERROR;
        }
        commandLine.getErr().println("saiga-bot: unexpected failure: " + e);
        e.printStackTrace(commandLine.getErr());
        commandLine.getErr().flush();
        return ExitCodes.FAILURE;
    }
}
