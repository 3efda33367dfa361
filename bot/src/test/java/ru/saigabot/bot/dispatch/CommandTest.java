package ru.saigabot.bot.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/start|start||",
            "/START|start||",
            "/help@SaigaBot|help|SaigaBot|",
            "/system Ты — пират|system||Ты — пират",
            "/system@saiga_bot   многострочный\\nтекст|system|saiga_bot|многострочный\\nтекст",
    })
    void parsesCommands(String text, String name, String addressee, String arguments) {
        Optional<Command> command = Command.parse(text.replace("\\n", "\n"));
        assertThat(command).contains(new Command(name, addressee == null ? "" : addressee,
                arguments == null ? "" : arguments.replace("\\n", "\n")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Привет", "/", "a /start", "/ start", "/привет-мир", "''"})
    void rejectsNonCommands(String text) {
        assertThat(Command.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"/start|true", "/start@SaigaBot|true", "/start@saigabot|true", "/start@OtherBot|false"})
    void knowsWhomItAddresses(String text, boolean forUs) {
        assertThat(Command.parse(text).orElseThrow().isFor("SaigaBot")).isEqualTo(forUs);
    }
}
