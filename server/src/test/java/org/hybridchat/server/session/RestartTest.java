package org.hybridchat.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.hybridchat.contract.Conversation;
import org.hybridchat.server.ChatApi;
import org.hybridchat.server.HybridChatApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Two servers, one after the other, against one Redis that the test runs: the second sees what the first stored. */
class RestartTest {

    @Test
    void a_restarted_server_keeps_every_conversation() {
        EmbeddedRedis redis = EmbeddedRedis.start(null);
        try {
            String sessionId;
            Conversation before;
            try (ConfigurableApplicationContext first = startServer(redis)) {
                assertThat(first.getBeanProvider(EmbeddedRedis.class).getIfAvailable())
                        .as("no Redis of its own when one is configured").isNull();
                ChatApi api = new ChatApi(port(first));
                sessionId = api.chat(null, "What is a daemon?").sessionId();
                api.chat(sessionId, "And a zombie process?");
                before = api.history(sessionId);
            }

            try (ConfigurableApplicationContext second = startServer(redis)) {
                assertThat(new ChatApi(port(second)).history(sessionId)).isEqualTo(before);
            }
            assertThat(before.messages()).hasSize(4);
        } finally {
            redis.stop();
        }
    }

    private static ConfigurableApplicationContext startServer(EmbeddedRedis redis) {
        return new SpringApplicationBuilder(HybridChatApplication.class)
                .profiles("test")
                .run("--server.port=0", "--spring.data.redis.host=" + redis.host(),
                        "--spring.data.redis.port=" + redis.port());
    }

    private static int port(ConfigurableApplicationContext server) {
        return server.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }
}
