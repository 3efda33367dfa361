package ru.saigabot.bot.testing.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import ru.saigabot.bot.cli.Main;

/** {@code saiga-bot ARGS} run in-process through picocli, as a shell would: its exit code and what it printed. */
public record CommandRun(int code, String out, String err) {

    public static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    public List<String> lines() {
        return out.lines().toList();
    }
}
