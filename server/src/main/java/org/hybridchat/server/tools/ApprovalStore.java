package org.hybridchat.server.tools;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.hybridchat.contract.Interrupt;
import org.hybridchat.server.session.SessionId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Calls waiting for the user's approval, in Redis so that any replica can take the answer. An
 * approval is bound to one session and one call (the call is kept here, not sent back by the page,
 * so an answer cannot change what runs), is single use, and expires.
 */
@Component
public class ApprovalStore {
    private static final String KEY_PREFIX = "hybridchat:approval:";
    private static final SecureRandom RANDOM = new SecureRandom();

    // Taken only by its own session, and taken once: a forged or foreign answer leaves it in place.
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> TAKE = RedisScript.of("""
            if redis.call('HGET', KEYS[1], 'session') ~= ARGV[1] then return nil end
            local call = redis.call('HMGET', KEYS[1], 'toolCallId', 'tool', 'arguments')
            redis.call('DEL', KEYS[1])
            return call""", List.class);

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeToLive;

    ApprovalStore(ReactiveStringRedisTemplate redis,
                  @Value("${hybridchat.tools.approval-time-to-live}") Duration timeToLive) {
        this.redis = redis;
        this.timeToLive = timeToLive;
    }

    /** Keeps the call until the user answers or the time runs out; the interrupt asks the question. */
    public Mono<Interrupt> request(Caller caller, ToolCall call, String question) {
        String id = newId();
        String key = KEY_PREFIX + id;
        Instant expiresAt = Instant.now().plus(timeToLive);
        Map<String, String> fields = Map.of("session", caller.session().value(), "toolCallId", call.id(),
                "tool", call.tool(), "arguments", call.arguments());
        return redis.opsForHash().putAll(key, fields)
                .then(redis.expire(key, timeToLive))
                .thenReturn(new Interrupt(id, Interrupt.TOOL_APPROVAL, question, call.id(), expiresAt.toString()));
    }

    /** The call an answer is for, removed so it cannot be answered again; empty if unknown, used, expired or not this session's. */
    public Mono<ToolCall> take(SessionId session, String interruptId) {
        if (!isWellFormed(interruptId)) {
            return Mono.empty();
        }
        return redis.execute(TAKE, List.of(KEY_PREFIX + interruptId), List.of(session.value())).next()
                .filter(call -> call.size() == 3 && call.get(0) != null)
                .map(call -> new ToolCall((String) call.get(0), (String) call.get(1), (String) call.get(2)));
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean isWellFormed(String id) {
        return id != null && id.length() == 22 && id.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }
}
