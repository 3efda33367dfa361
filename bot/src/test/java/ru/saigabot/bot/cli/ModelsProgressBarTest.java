package ru.saigabot.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.catalog.DownloadProgress;
import ru.saigabot.inference.catalog.RemoteFile;

class ModelsProgressBarTest {
    private static final RemoteFile FILE = RemoteFile.unverified("IlyaGusev/saiga_llama3_8b_gguf", "model-q4_K.gguf");
    private static final long TOTAL = 4_920_000_000L;

    @Test
    void rendersBarPercentSizesSpeedAndEta() {
        String text = ModelsProgressBar.render("saiga_llama3_8b",
                new DownloadProgress(1_870_000_000L, OptionalLong.of(TOTAL), 21_400_000));

        assertThat(text).isEqualTo("saiga_llama3_8b [#########---------------]   38%  1.87 GB / 4.92 GB  21.4 MB/s  ETA 2m 23s");
    }

    @Test
    void withoutATotalShowsBytesAndSpeedOnly() {
        assertThat(ModelsProgressBar.render("m", new DownloadProgress(748_000, OptionalLong.empty(), 0)))
                .isEqualTo("m  748 kB");
    }

    @Test
    void durationsReadNaturally() {
        assertThat(ModelsProgressBar.duration(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(ModelsProgressBar.duration(Duration.ofSeconds(185))).isEqualTo("3m 05s");
        assertThat(ModelsProgressBar.duration(Duration.ofMinutes(62))).isEqualTo("1h 02m");
        assertThat(ModelsProgressBar.duration(Duration.ofMillis(20))).isEqualTo("20 ms");
    }

    @Test
    void withoutATerminalPrintsALineEveryTenPercent() {
        StringWriter text = new StringWriter();
        ModelsProgressBar bar = new ModelsProgressBar(new PrintWriter(text), "m", false);

        bar.onStart(FILE, 0, OptionalLong.of(TOTAL));
        for (long done = 0; done <= TOTAL; done += TOTAL / 100) {
            bar.onProgress(new DownloadProgress(done, OptionalLong.of(TOTAL), 1e7));
        }

        List<String> lines = text.toString().lines().toList();
        assertThat(lines.get(0)).contains("downloading IlyaGusev/saiga_llama3_8b_gguf/model-q4_K.gguf (4.92 GB)");
        assertThat(lines.subList(1, lines.size())).hasSize(10).allSatisfy(line -> assertThat(line).startsWith("m ["));
        assertThat(lines.get(lines.size() - 1)).contains("100%");
    }

    @Test
    void onATerminalRedrawsOneLineAndEndsItBeforeOtherMessages() {
        StringWriter text = new StringWriter();
        ModelsProgressBar bar = new ModelsProgressBar(new PrintWriter(text), "m", true);

        bar.onProgress(new DownloadProgress(1_000_000_000L, OptionalLong.of(TOTAL), 1e7));
        bar.onProgress(new DownloadProgress(2_000_000_000L, OptionalLong.of(TOTAL), 1e7));
        bar.onRetry(1, 5, Duration.ofSeconds(1), "connection reset");

        assertThat(text.toString()).startsWith("\rm [").contains("\rm [#########")
                .contains("\nm: connection reset; retrying in 1 s (attempt 2 of 5)");
        assertThat(text.toString().chars().filter(c -> c == '\n')).as("lines ended").hasSize(2);
    }

    @Test
    void resumingSaysFromWhere() {
        StringWriter text = new StringWriter();
        ModelsProgressBar bar = new ModelsProgressBar(new PrintWriter(text), "m", false);

        bar.onRehashing(FILE, 1_200_000_000L);
        bar.onStart(FILE, 1_200_000_000L, OptionalLong.of(TOTAL));

        assertThat(text.toString().lines()).containsExactly("m: checking the 1.20 GB downloaded before",
                "m: resuming at 1.20 GB of 4.92 GB");
    }

    @Test
    void stepsAreTenthsOfTheTotalOrFixedWhenItIsUnknown() {
        assertThat(ModelsProgressBar.nextStep(0, OptionalLong.of(1000))).isEqualTo(100);
        assertThat(ModelsProgressBar.nextStep(450, OptionalLong.of(1000))).isEqualTo(500);
        assertThat(ModelsProgressBar.nextStep(999, OptionalLong.of(1000))).isEqualTo(1000);
        assertThat(ModelsProgressBar.nextStep(1000, OptionalLong.of(1000))).as("100% is printed once").isEqualTo(Long.MAX_VALUE);
        assertThat(ModelsProgressBar.nextStep(0, OptionalLong.empty())).isEqualTo(500_000_000L);
    }

    @Test
    void tablesAlignColumns() {
        String table = ModelsListCommand.table(List.of(List.of("NAME", "SIZE", "NOTE"), List.of("a_long_name", "4.92 GB", "x")));

        assertThat(table.lines()).containsExactly("NAME         SIZE     NOTE", "a_long_name  4.92 GB  x");
    }
}
