package ru.saigabot.training.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationPipelineTest {

    @Test
    void everyConversationIsCleanedInOrderBeforeFinishReturns() {
        List<Long> seen = new ArrayList<>(); // touched by the cleaning thread only, read after finish
        try (ConversationPipeline pipeline = new ConversationPipeline(c -> seen.add(c.id()), 4)) {
            for (long id = 1; id <= 1000; id++) {
                pipeline.submit(conversation(id));
            }
            pipeline.finish();
        }
        assertThat(seen).hasSize(1000).isSorted().startsWith(1L).endsWith(1000L);
    }

    @Test
    void aCleaningFailureReachesTheReader() {
        ConversationPipeline pipeline = new ConversationPipeline(c -> {
            if (c.id() == 3) {
                throw new IllegalStateException("disk full while spooling conversation 3");
            }
        }, 2);
        try (pipeline) {
            assertThatThrownBy(() -> {
                for (long id = 1; id <= 10_000; id++) {
                    pipeline.submit(conversation(id));
                }
                pipeline.finish();
            }).isInstanceOf(IllegalStateException.class).hasMessage("disk full while spooling conversation 3");
        }
    }

    private static StoredConversation conversation(long id) {
        return new StoredConversation(id, false, "system", List.of());
    }
}
