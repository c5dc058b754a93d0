package org.hybridchat.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.Conversation;
import org.hybridchat.contract.WireFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The store against a real redis-server, without the rest of the application. */
class SessionStoreTest {

    private static EmbeddedRedis redis;
    private static LettuceConnectionFactory connections;
    private static ReactiveStringRedisTemplate template;

    private final SessionStore store = new SessionStore(template, Duration.ofHours(1));

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedis.start(null);
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
        connections.start();
        template = new ReactiveStringRedisTemplate(connections);
    }

    @AfterAll
    static void stopRedis() {
        connections.destroy();
        redis.stop();
    }

    @Test
    void a_conversation_reads_back_oldest_first() {
        SessionId id = SessionId.random();
        store.append(id, ChatMessage.user("What is a daemon?")).block();
        store.append(id, ChatMessage.assistant("A program that runs in the background.")).block();
        store.append(id, ChatMessage.user("Thanks!")).block();

        assertThat(store.conversation(id).block()).isEqualTo(new Conversation(id.value(), List.of(
                ChatMessage.user("What is a daemon?"),
                ChatMessage.assistant("A program that runs in the background."),
                ChatMessage.user("Thanks!"))));
        assertThat(store.exists(id).block()).isTrue();
    }

    @Test
    void a_session_never_written_has_no_conversation() {
        SessionId id = SessionId.random();

        assertThat(store.exists(id).block()).isFalse();
        assertThat(store.conversation(id).blockOptional()).isEmpty();
    }

    @Test
    void each_message_is_stored_in_its_wire_form_in_one_list_per_session() {
        SessionId id = SessionId.random();
        ChatMessage message = ChatMessage.user("line one\nline \"two\" \u2028 caf\u00e9");
        store.append(id, message).block();

        List<String> stored = template.opsForList().range("hybridchat:session:" + id.value(), 0, -1)
                .collectList().block();
        assertThat(stored).containsExactly(WireFormat.encode(message));
    }

    @Test
    void every_write_pushes_the_expiry_out_again() {
        Duration timeToLive = Duration.ofDays(7);
        SessionStore weekLong = new SessionStore(template, timeToLive);
        SessionId id = SessionId.random();
        String key = "hybridchat:session:" + id.value();

        weekLong.append(id, ChatMessage.user("one")).block();
        assertThat(template.getExpire(key).block()).as("a new session lives for the time to live")
                .isBetween(timeToLive.minusMinutes(1), timeToLive);

        // as if most of that time had passed: Redis's own clock is not ours to move, its expiry is
        template.expire(key, Duration.ofMinutes(1)).block();
        weekLong.append(id, ChatMessage.assistant("two")).block();
        assertThat(template.getExpire(key).block()).as("a write renews it")
                .isBetween(timeToLive.minusMinutes(1), timeToLive);
    }
}
