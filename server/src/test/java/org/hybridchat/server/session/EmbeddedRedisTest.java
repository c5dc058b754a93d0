package org.hybridchat.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.hybridchat.contract.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

class EmbeddedRedisTest {

    @TempDir
    Path dataDir;

    @Test
    void with_a_data_directory_conversations_survive_a_restart_of_redis() {
        SessionId id = SessionId.random();
        EmbeddedRedis first = EmbeddedRedis.start(dataDir);
        try {
            withStore(first, store -> store.append(id, ChatMessage.user("Remember me.")).block());
        } finally {
            first.stop();
        }

        EmbeddedRedis second = EmbeddedRedis.start(dataDir);
        try {
            withStore(second, store -> assertThat(store.conversation(id).block().messages())
                    .containsExactly(ChatMessage.user("Remember me.")));
        } finally {
            second.stop();
        }
    }

    @Test
    void a_second_redis_refuses_a_data_directory_that_one_still_uses() {
        EmbeddedRedis first = EmbeddedRedis.start(dataDir);
        try {
            assertThatThrownBy(() -> EmbeddedRedis.start(dataDir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("still uses " + dataDir.toAbsolutePath());
        } finally {
            first.stop();
        }
    }

    private static void withStore(EmbeddedRedis redis, Consumer<SessionStore> use) {
        LettuceConnectionFactory connections =
                new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
        connections.start();
        try {
            use.accept(new SessionStore(new ReactiveStringRedisTemplate(connections), Duration.ofHours(1)));
        } finally {
            connections.destroy();
        }
    }
}
