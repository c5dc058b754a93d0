package org.hybridchat.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.Conversation;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.server.ChatApi;
import org.hybridchat.server.HybridChatApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo's embedded Redis dies under a running server (its redis-server process killed with
 * SIGKILL, as the OOM killer would): it is started again from its append-only file, the health check
 * comes back UP, and the conversation from before is all there and goes on.
 */
class RedisSupervisionTest {

    /** Only a bound on a hung restart; the checks wait for an outcome, not for a time. */
    private static final Duration AT_MOST = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void a_killed_redis_is_started_again_and_no_conversation_is_lost() {
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(HybridChatApplication.class)
                .profiles("test")
                .run("--server.port=0", "--hybridchat.redis.embedded.data-dir=" + dataDir,
                        "--spring.data.redis.timeout=1s")) {
            ChatApi api = new ChatApi(server.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
            EmbeddedRedis redis = server.getBean(EmbeddedRedis.class);
            String sessionId = api.chat(null, "What is a daemon?").sessionId();
            Conversation before = api.history(sessionId);
            long firstPid = redis.pid();

            ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

            await().atMost(AT_MOST).until(() -> redis.restarts() == 1);
            assertThat(redis.pid()).isNotEqualTo(firstPid);
            assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).isEmpty();
            await().atMost(AT_MOST).until(() -> health(api).body().contains("\"status\":\"UP\""));
            assertThat(health(api).statusCode()).isEqualTo(200);
            assertThat(api.history(sessionId)).isEqualTo(before);

            assertThat(api.chat(sessionId, "And a kernel?").events().getLast()).isInstanceOf(RunFinished.class);
            assertThat(api.history(sessionId).messages()).startsWith(before.messages().toArray(ChatMessage[]::new))
                    .hasSize(before.messages().size() + 2);
        }
    }

    private static HttpResponse<String> health(ChatApi api) {
        return api.send("GET", "/actuator/health", null, null, "application/json");
    }
}
