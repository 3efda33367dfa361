package ru.saigabot.bot.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ru.saigabot.bot.store.Vote;

class FeedbackCallbackTest {

    @Test
    void roundTrips() {
        for (Vote vote : Vote.values()) {
            FeedbackCallback callback = new FeedbackCallback(Long.MAX_VALUE, vote);
            String packed = callback.pack();
            assertThat(packed.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(FeedbackCallback.MAX_BYTES);
            assertThat(FeedbackCallback.unpack(packed)).contains(callback);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fb", "fb:1", "fb:1:x", "fb:x:u", "xx:1:u", "fb:1:u:extra"})
    void refusesForeignData(String data) {
        assertThat(FeedbackCallback.unpack(data)).isEmpty();
    }
}
