package ru.saigabot.inference.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.catalog.DownloadException.Reason;
import ru.saigabot.inference.catalog.ResumePlanner.AlreadyComplete;
import ru.saigabot.inference.catalog.ResumePlanner.DiscardPart;
import ru.saigabot.inference.catalog.ResumePlanner.Fail;
import ru.saigabot.inference.catalog.ResumePlanner.Retry;
import ru.saigabot.inference.catalog.ResumePlanner.Write;

class ResumePlannerTest {

    private static final OptionalLong NONE = OptionalLong.empty();

    @Test
    void aFreshDownloadWritesFromTheStart() {
        assertThat(plan(0, 200, OptionalLong.of(1000), null, NONE)).isEqualTo(new Write(0, OptionalLong.of(1000)));
    }

    @Test
    void a206ContinuesWhereThePartEnds() {
        assertThat(plan(400, 206, OptionalLong.of(600), "bytes 400-999/1000", NONE))
                .isEqualTo(new Write(400, OptionalLong.of(1000)));
        assertThat(plan(400, 206, OptionalLong.of(600), "bytes 400-999/*", NONE))
                .as("total from the length when the range does not say it")
                .isEqualTo(new Write(400, OptionalLong.of(1000)));
    }

    @Test
    void a200ToARangeRequestMeansStartingOver() {
        assertThat(plan(400, 200, OptionalLong.of(1000), null, NONE)).isEqualTo(new Write(0, OptionalLong.of(1000)));
    }

    @Test
    void a206ForAnotherRangeIsAProtocolError() {
        assertThat(plan(400, 206, OptionalLong.of(500), "bytes 500-999/1000", NONE))
                .isInstanceOfSatisfying(Fail.class, f -> assertThat(f.reason()).isEqualTo(Reason.PROTOCOL));
        assertThat(plan(400, 206, OptionalLong.of(600), null, NONE)).isInstanceOf(Fail.class);
    }

    @Test
    void a416AtTheFilesEndMeansThePartIsComplete() {
        assertThat(plan(1000, 416, NONE, "bytes */1000", NONE)).isEqualTo(new AlreadyComplete(1000));
        assertThat(plan(1000, 416, NONE, null, OptionalLong.of(1000))).isEqualTo(new AlreadyComplete(1000));
    }

    @Test
    void a416ForAPartLongerThanTheFileDiscardsThePart() {
        assertThat(plan(1200, 416, NONE, "bytes */1000", NONE)).isInstanceOf(DiscardPart.class);
        assertThat(plan(1000, 416, NONE, null, NONE)).isInstanceOf(DiscardPart.class);
    }

    @Test
    void aSizeOtherThanExpectedStopsBeforeDownloading() {
        assertThat(plan(0, 200, OptionalLong.of(999), null, OptionalLong.of(1000)))
                .isInstanceOfSatisfying(Fail.class, f -> assertThat(f.reason()).isEqualTo(Reason.HUB_CHANGED));
        assertThat(plan(400, 206, OptionalLong.of(600), "bytes 400-999/1000", OptionalLong.of(1000)))
                .isInstanceOf(Write.class);
    }

    @Test
    void statusesMapToRetriesOrFailures() {
        assertThat(plan(0, 404, NONE, null, NONE)).isEqualTo(new Fail(Reason.NOT_FOUND, "HTTP 404"));
        assertThat(plan(0, 401, NONE, null, NONE)).isEqualTo(new Fail(Reason.ACCESS_DENIED, "HTTP 401"));
        assertThat(plan(0, 403, NONE, null, NONE)).isEqualTo(new Fail(Reason.ACCESS_DENIED, "HTTP 403"));
        assertThat(plan(0, 503, NONE, null, NONE)).isEqualTo(new Retry("HTTP 503"));
        assertThat(plan(0, 429, NONE, null, NONE)).isEqualTo(new Retry("HTTP 429"));
        assertThat(plan(0, 418, NONE, null, NONE)).isInstanceOfSatisfying(Fail.class,
                f -> assertThat(f.reason()).isEqualTo(Reason.PROTOCOL));
    }

    @Test
    void parsesContentRanges() {
        assertThat(ContentRange.parse("bytes 0-99/1000")).contains(
                new ContentRange(OptionalLong.of(0), OptionalLong.of(99), OptionalLong.of(1000)));
        assertThat(ContentRange.parse("bytes */1000")).contains(
                new ContentRange(NONE, NONE, OptionalLong.of(1000)));
        assertThat(ContentRange.parse("bytes 5-9/*")).contains(
                new ContentRange(OptionalLong.of(5), OptionalLong.of(9), NONE));
        assertThat(ContentRange.parse("bytes 9-5/10")).isEmpty();
        assertThat(ContentRange.parse("bytes 0-10/10")).isEmpty();
        assertThat(ContentRange.parse("items 0-1/2")).isEmpty();
    }

    private static ResumePlanner.Plan plan(long part, int status, OptionalLong length, String range, OptionalLong expected) {
        return ResumePlanner.plan(part, status, length, Optional.ofNullable(range).flatMap(ContentRange::parse), expected);
    }
}
