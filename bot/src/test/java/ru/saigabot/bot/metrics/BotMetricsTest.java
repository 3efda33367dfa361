package ru.saigabot.bot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import ru.saigabot.bot.answer.RequestOutcome;
import ru.saigabot.inference.GenerationStats;

class BotMetricsTest {

    @Test
    void anAnswerAndTelegramCallsShowInThePrometheusText() {
        try (BotMetrics metrics = new BotMetrics()) {
            metrics.bindQueue(() -> 3, () -> 1);
            metrics.ended(RequestOutcome.COMPLETE, new GenerationStats(100, 21, Duration.ofMillis(300),
                    Duration.ofMillis(700), Duration.ofMillis(2700), 0));
            metrics.ended(RequestOutcome.BUSY, null);
            metrics.called("sendMessage", "ok");
            metrics.called("sendMessage", "429");
            String text = metrics.scrape();
            assertThat(text)
                    .contains("saiga_requests_total{outcome=\"complete\"} 1.0")
                    .contains("saiga_requests_total{outcome=\"busy\"} 1.0")
                    .contains("saiga_requests_total{outcome=\"failed\"} 0.0")
                    .contains("saiga_queue_length 2.0")
                    .contains("saiga_queue_wait_seconds_count 1")
                    .contains("saiga_time_to_first_token_seconds_sum 0.7")
                    .contains("saiga_decode_tokens_per_second_sum 10.0") // 20 tokens after the first in 2 s
                    .contains("saiga_generated_tokens_total 21.0")
                    .contains("saiga_telegram_calls_total{method=\"sendmessage\",outcome=\"429\"} 1.0")
                    .contains("saiga_telegram_rate_limited_total 1.0")
                    .contains("jvm_memory_used_bytes");
        }
    }
}
