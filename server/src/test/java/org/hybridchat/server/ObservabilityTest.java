package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** What operators and the browser read: liveness, health, and the decode loop's meters for Prometheus. */
@SpringBootTest(webEnvironment = RANDOM_PORT)
@ActiveProfiles("test")
class ObservabilityTest {

    @LocalServerPort
    int port;

    @Test
    void the_browser_s_health_probe_answers_up() {
        HttpResponse<String> response = new ChatApi(port).send("GET", "/api/health", null, null, "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void actuator_reports_the_server_up() {
        HttpResponse<String> response = new ChatApi(port).send("GET", "/actuator/health", null, null, "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void after_a_reply_prometheus_sees_its_latencies_tokens_and_the_load() {
        ChatApi api = new ChatApi(port);
        api.chat(null, "Tell me a story about a daemon.");

        String metrics = api.send("GET", "/actuator/prometheus", null, null, "text/plain").body();

        assertThat(metrics).containsPattern("(?m)^hybridchat_generation_time_to_first_token_seconds_bucket\\{le=\"[^\"]+\"} [1-9]")
                .containsPattern("(?m)^hybridchat_generation_inter_token_latency_seconds_count [1-9]")
                .containsPattern("(?m)^hybridchat_generation_tokens_total [1-9]")
                .containsPattern("(?m)^hybridchat_generation_queue_depth [0-9]")
                .containsPattern("(?m)^hybridchat_generation_active [0-9]")
                .containsPattern("(?m)^hybridchat_generation_refusals_total [0-9]");
    }
}
