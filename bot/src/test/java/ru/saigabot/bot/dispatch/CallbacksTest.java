package ru.saigabot.bot.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CallbacksTest {

    @Test
    void roundTripsEveryCallback() {
        assertThat(RegenerateCallback.unpack(new RegenerateCallback(Long.MAX_VALUE).pack()))
                .contains(new RegenerateCallback(Long.MAX_VALUE));
        assertThat(ConversationCallback.unpack(new ConversationCallback(42).pack()))
                .contains(new ConversationCallback(42));
        for (DocumentCallback.Action action : DocumentCallback.Action.values()) {
            assertThat(DocumentCallback.unpack(new DocumentCallback(action, Long.MAX_VALUE).pack()))
                    .contains(new DocumentCallback(action, Long.MAX_VALUE));
        }
        for (ParamsCallback.Setting setting : ParamsCallback.Setting.values()) {
            for (String value : setting.choices()) {
                ParamsCallback callback = new ParamsCallback(setting, value);
                assertThat(ParamsCallback.unpack(callback.pack())).contains(callback);
            }
        }
    }

    @Test
    void refusesWhatNoButtonCarries() {
        assertThat(RegenerateCallback.unpack("rg:x")).isEmpty();
        assertThat(RegenerateCallback.unpack("rg:1:2")).isEmpty();
        assertThat(RegenerateCallback.unpack("fb:1:u")).isEmpty();
        assertThat(ConversationCallback.unpack(null)).isEmpty();
        assertThat(DocumentCallback.unpack("dc:burn:7")).isEmpty();
        assertThat(DocumentCallback.unpack("dc:on:x")).isEmpty();
        assertThat(ParamsCallback.unpack("pm:t:1.7")).as("a value the menu does not offer").isEmpty();
        assertThat(ParamsCallback.unpack("pm:z:0.2")).isEmpty();
    }

    @Test
    void arenaButtonsRoundTripAndRefuseForgeries() {
        for (ru.saigabot.bot.arena.Shown shown : ru.saigabot.bot.arena.Shown.values()) {
            AnnotateCallback callback = new AnnotateCallback(Long.MAX_VALUE, shown);
            assertThat(callback.pack()).hasSizeLessThanOrEqualTo(64);
            assertThat(AnnotateCallback.unpack(callback.pack())).contains(callback);
        }
        assertThat(AnnotateCallback.unpack("an:12:l")).contains(new AnnotateCallback(12, ru.saigabot.bot.arena.Shown.LEFT));
        assertThat(AnnotateCallback.unpack("an:12:x")).isEmpty();
        assertThat(AnnotateCallback.unpack("an:x:l")).isEmpty();
        assertThat(AnnotateCallback.unpack("an:12")).isEmpty();
        assertThat(AnnotateCallback.unpack("fb:12:u")).isEmpty();
    }

    @Test
    void refusesToPackOver64Bytes() {
        assertThatThrownBy(() -> CallbackData.pack("x".repeat(65))).isInstanceOf(IllegalStateException.class);
    }
}
