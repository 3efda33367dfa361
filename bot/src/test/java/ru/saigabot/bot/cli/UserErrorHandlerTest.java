package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import ru.saigabot.bot.config.ConfigException;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.SettingRange;

/** A refusal a user can cause is one line and exit code 2, whichever module refused; a bug is a stack trace. */
class UserErrorHandlerTest {

    @Command(name = "fails")
    static final class Fails implements Callable<Integer> {
        private final Runnable body;

        Fails(Runnable body) {
            this.body = body;
        }

        @Override
        public Integer call() {
            body.run();
            return ExitCodes.OK;
        }
    }

    private record Outcome(int code, String err) {}

    private static Outcome run(Runnable body) {
        CommandLine line = new CommandLine(new Fails(body));
        line.setExecutionExceptionHandler(new UserErrorHandler());
        StringWriter err = new StringWriter();
        line.setErr(new PrintWriter(err));
        return new Outcome(line.execute(), err.toString());
    }

    @Test
    void aSettingOutOfRangeIsOneLineAndExitCodeTwo() {
        Outcome flag = run(() -> SettingRange.CTX_SIZE.checkOption(100));
        assertThat(flag.code()).isEqualTo(2);
        assertThat(flag.err()).isEqualTo("saiga-bot: --ctx-size = 100 is out of range; allowed 256..1048576"
                + System.lineSeparator());
        Outcome engine = run(() -> GenerationParams.DEFAULTS.withMaxTokens(0));
        assertThat(engine.code()).isEqualTo(2);
        assertThat(engine.err().strip()).isEqualTo("saiga-bot: max_tokens = 0 is out of range; allowed 1..32768");
    }

    @Test
    void aConfigProblemIsOneLineAndExitCodeTwo() {
        Outcome outcome = run(() -> {
            throw new ConfigException("no model: pass --model PATH");
        });
        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err().strip()).isEqualTo("saiga-bot: no model: pass --model PATH");
    }

    @Test
    void anyOtherIllegalArgumentIsABugWithItsStackTrace() {
        Outcome outcome = run(() -> {
            throw new IllegalArgumentException("a bug");
        });
        assertThat(outcome.code()).isEqualTo(1);
        assertThat(outcome.err()).contains("unexpected failure").contains("IllegalArgumentException: a bug")
                .contains("\tat ");
    }
}
