package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A worker refuses, in one line, what would make it useless: no shared database, no model. */
class WorkerCommandTest {

    private record Outcome(int code, String err) {}

    private Outcome run(String... args) {
        CommandLine line = Main.newCommandLine();
        StringWriter err = new StringWriter();
        line.setErr(new PrintWriter(err));
        line.setOut(new PrintWriter(new StringWriter()));
        int code = line.execute(args);
        return new Outcome(code, err.toString());
    }

    @Test
    void withoutADatabaseUrlTheWorkerSaysWhichToPass() {
        Outcome outcome = run("worker", "--db-url", "", "--model", "/nowhere/x.gguf");
        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err()).contains("--db-url").contains("DATABASE_URL");
    }

    @Test
    void withoutAModelFileTheWorkerNamesIt() {
        Outcome outcome = run("worker", "--db-url", "jdbc:postgresql://localhost:1/x", "--model", "/nowhere/x.gguf");
        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err()).contains("/nowhere/x.gguf").contains("--model");
    }
}
