package ru.saigabot.bot.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.FinishReason;
import ru.saigabot.inference.GenerationParams;
import ru.saigabot.inference.GenerationResult;
import ru.saigabot.inference.GenerationStats;
import ru.saigabot.inference.LoraScale;

class WireFormatTest {
    private final WireFormat wire = new WireFormat(new ObjectMapper());

    @Test
    void aRequestSurvivesTheTrip() {
        ChatRequest request = new ChatRequest("user:1", List.of(ChatMessage.system("Ты Сайга."),
                ChatMessage.user("Привет")), GenerationParams.DEFAULTS.withSeed(7), true)
                .withConversation("conversation:3").withLoras(List.of(new LoraScale("style", 0.5)))
                .withRequestId("42");
        assertThat(wire.request(wire.request(request))).isEqualTo(request);
    }

    @Test
    void aResultSurvivesTheTripToTheMillisecond() {
        GenerationResult result = new GenerationResult("Ответ", FinishReason.LENGTH, "tiny", new GenerationStats(
                12, 4, 30, Duration.ofMillis(5), Duration.ofMillis(40), Duration.ofMillis(900), 1));
        WireFormat.WireResult back = wire.result(wire.result(result));
        assertThat(back.isFailure()).isFalse();
        assertThat(back.toResult()).isEqualTo(result);
        assertThat(wire.result(wire.failure("model crashed")).error()).isEqualTo("model crashed");
    }

    @Test
    void aResultOfAnOlderWorkerKeepsItsTextAndCountsNoCost() {
        String flat = "{\"text\":\"Ответ\",\"finishReason\":\"STOP\",\"model\":\"tiny\",\"promptTokens\":12,"
                + "\"generatedTokens\":30,\"error\":null}";
        GenerationResult result = wire.result(flat).toResult();
        assertThat(result.text()).isEqualTo("Ответ");
        assertThat(result.stats().promptTokens()).isZero();
    }
}
