package org.hybridchat.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.hybridchat.contract.ErrorCode;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.RunError;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.server.ChatApi;
import org.hybridchat.server.HybridChatApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server against a Redis that goes away: a running turn ends in RUN_ERROR, and requests that
 * need Redis before they can start get a 503 problem.
 */
class RedisOutageTest {

    @Test
    void when_redis_goes_away_a_turn_ends_in_a_storage_failure_and_requests_needing_it_get_a_503() {
        EmbeddedRedis redis = EmbeddedRedis.start(null);
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(HybridChatApplication.class)
                .profiles("test")
                .run("--server.port=0", "--spring.data.redis.host=" + redis.host(),
                        "--spring.data.redis.port=" + redis.port(), "--spring.data.redis.timeout=1s")) {
            ChatApi api = new ChatApi(server.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
            String sessionId = api.chat(null, "Hello.").sessionId();

            redis.stop();

            List<StreamEvent> events = api.chat(null, "Are you there?").events();
            assertThat(events.getFirst()).isInstanceOf(RunStarted.class);
            assertThat(events.getLast()).isInstanceOfSatisfying(RunError.class,
                    error -> assertThat(error.code()).isEqualTo(ErrorCode.STORAGE_FAILURE));

            assertUnavailable(api.send("GET", "/api/sessions/" + sessionId + "/messages", null, null, "*/*"));
            assertUnavailable(api.send("POST", "/api/chat", "application/json",
                    "{\"sessionId\":\"" + sessionId + "\",\"message\":\"Still there?\"}", "text/event-stream"));
        } finally {
            redis.stop();
        }
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
    }
}
