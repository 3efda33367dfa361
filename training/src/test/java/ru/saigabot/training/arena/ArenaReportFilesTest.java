package ru.saigabot.training.arena;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArenaReportFilesTest {

    @Test
    void writesMarkdownJsonAndAPngChart(@TempDir Path dir) throws Exception {
        List<ArenaVote> votes = List.of(
                new ArenaVote(1, 1, "saiga2_13b", "gpt-3.5-turbo", true, Verdict.A, null),
                new ArenaVote(1, 2, "saiga2_13b", "gpt-3.5-turbo", false, Verdict.B, null),
                new ArenaVote(2, 1, "saiga2_13b", "gpt-3.5-turbo", true, Verdict.TIE, null));
        ArenaReport report = new ArenaAnalysis(0, 50, 1, 1).analyse(votes);
        String markdown = ArenaReportFiles.write(report, dir.resolve("out"));

        assertThat(markdown).contains("saiga2_13b vs gpt-3.5-turbo: 1-1-1").contains("## Bradley–Terry ratings")
                .contains("Wilson score interval");
        assertThat(Files.readString(dir.resolve("out/report.md"))).isEqualTo(markdown);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
        assertThat(json.get("pairs").get(0).get("wins").asInt()).isEqualTo(1);
        assertThat(json.get("ratings")).hasSize(2);
        var image = ImageIO.read(dir.resolve("out/winrates.png").toFile());
        assertThat(image).as("a readable PNG").isNotNull();
        assertThat(image.getWidth()).isEqualTo(900);
    }
}
