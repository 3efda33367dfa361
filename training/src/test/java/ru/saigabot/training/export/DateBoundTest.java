package ru.saigabot.training.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DateBoundTest {
    @Test
    void daysAreUtcAndUntilIncludesItsDay() {
        assertThat(DateBound.since("2026-01-31")).isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
        assertThat(DateBound.until("2026-01-31")).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    }

    @Test
    void instantsWithAnOffsetAreTakenAsTheyAre() {
        assertThat(DateBound.since("2026-01-31T18:00:00+03:00")).isEqualTo(Instant.parse("2026-01-31T15:00:00Z"));
        assertThat(DateBound.until("2026-01-31T18:00:00Z")).isEqualTo(Instant.parse("2026-01-31T18:00:00Z"));
    }

    @Test
    void garbageNamesTheOptionAndTheFormat() {
        assertThatThrownBy(() -> DateBound.since("вчера")).hasMessageContaining("--since").hasMessageContaining("YYYY-MM-DD");
    }

    @Test
    void formatsListIsParsedAndChecked() {
        assertThat(ExportFormat.parseList("sft, DPO")).containsExactlyInAnyOrder(ExportFormat.SFT, ExportFormat.DPO);
        assertThatThrownBy(() -> ExportFormat.parseList("sft,orpo")).hasMessageContaining("orpo");
        assertThatThrownBy(() -> ExportFormat.parseList(" , ")).hasMessageContaining("--formats");
    }

    @Test
    void optionsAreValidated() {
        ExportOptions d = ExportOptions.defaults(java.nio.file.Path.of("out"));
        assertThatThrownBy(() -> new ExportOptions(d.out(), d.since(), d.until(), d.formats(), 3, 0.4, 0, 2.08))
                .hasMessageContaining("--min-agreement");
        assertThatThrownBy(() -> new ExportOptions(d.out(), d.since(), d.until(), d.formats(), 3, 0.6, -1, 2.08))
                .hasMessageContaining("--max-per-user");
        assertThatThrownBy(() -> new ExportOptions(d.out(), java.util.Optional.of(Instant.parse("2026-02-01T00:00:00Z")),
                java.util.Optional.of(Instant.parse("2026-01-01T00:00:00Z")), d.formats(), 3, 0.6, 0, 2.08))
                .hasMessageContaining("--since");
    }
}
