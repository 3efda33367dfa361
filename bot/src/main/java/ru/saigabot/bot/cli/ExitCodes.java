package ru.saigabot.bot.cli;

/** Process exit codes, as scripts and service managers see them. */
final class ExitCodes {
    static final int OK = 0;
    /** Something crashed: a bug or an unexpected environment; the log has the stack trace. */
    static final int FAILURE = 1;
    /** The operator can fix it: bad configuration, a missing file, an unreachable database. */
    static final int USER_ERROR = 2;

    private ExitCodes() {}
}
