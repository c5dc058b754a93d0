package org.hybridchat.server.session;

import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.List;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.Conversation;
import org.hybridchat.contract.WireFormat;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The one place that touches Redis. A session is a Redis list of {@code WireFormat.encode(ChatMessage)}
 * values, oldest first, under {@code hybridchat:session:<id>}; every write pushes its expiry out again,
 * so a conversation lives as long as it is in use plus the configured time to live.
 */
@Component
public class SessionStore {

    private static final String KEY_PREFIX = "hybridchat:session:";
    private static final LettuceExceptionConverter LETTUCE_EXCEPTIONS = new LettuceExceptionConverter();

    // One script, so that no crash between the two commands can leave a list that never expires.
    private static final RedisScript<Long> APPEND = RedisScript.of("""
            local length = redis.call('RPUSH', KEYS[1], ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return length""", Long.class);

    // Counted and deleted in one script, so the count is of what was deleted.
    private static final RedisScript<Long> DELETE = RedisScript.of("""
            local length = redis.call('LLEN', KEYS[1])
            redis.call('DEL', KEYS[1])
            return length""", Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeToLive;

    SessionStore(ReactiveStringRedisTemplate redis, @Value("${hybridchat.session.time-to-live}") Duration timeToLive) {
        this.redis = redis;
        this.timeToLive = timeToLive;
    }

    public Mono<Boolean> exists(SessionId id) {
        return translated(redis.hasKey(key(id)));
    }

    public Mono<Void> append(SessionId id, ChatMessage message) {
        return translated(redis.execute(APPEND, List.of(key(id)),
                List.of(WireFormat.encode(message), Long.toString(timeToLive.toMillis()))).then());
    }

    /** The whole conversation, or empty when the session does not exist (a session is never an empty list). */
    public Mono<Conversation> conversation(SessionId id) {
        return translated(redis.opsForList().range(key(id), 0, -1)
                .map(WireFormat::decodeChatMessage)
                .collectList()
                .filter(messages -> !messages.isEmpty())
                .map(messages -> new Conversation(id.value(), messages)));
    }

    /** How many messages the conversation holds: 0 when the session does not exist. */
    public Mono<Long> length(SessionId id) {
        return translated(redis.opsForList().size(key(id)));
    }

    /** Deletes the conversation, and with it the session; returns how many messages it held. */
    public Mono<Integer> delete(SessionId id) {
        return translated(redis.execute(DELETE, List.of(key(id)), List.of()).next().map(Long::intValue)
                .defaultIfEmpty(0));
    }

    // Spring Data Redis translates Lettuce's exceptions for most commands, but not for a reactive
    // LRANGE; translating here makes every Redis failure leave this class as a DataAccessException.
    private static <T> Mono<T> translated(Mono<T> command) {
        return command.onErrorMap(RedisException.class, LETTUCE_EXCEPTIONS::convert);
    }

    private static String key(SessionId id) {
        return KEY_PREFIX + id.value();
    }
}
