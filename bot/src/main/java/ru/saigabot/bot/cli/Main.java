package ru.saigabot.bot.cli;

import picocli.CommandLine;

/** Entry point of {@code saiga-bot.jar}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = newCommandLine().execute(args);
        // Always exit explicitly: java-llama.cpp leaves a non-daemon native thread attached to the JVM
        // after the model is closed, which would otherwise keep the process alive forever.
        System.exit(code);
    }

    /** The whole command line without the exit: tests and embedders run commands in-process. */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new SaigaBotCommand());
        commandLine.setExecutionExceptionHandler(new UserErrorHandler());
        return commandLine;
    }
}
