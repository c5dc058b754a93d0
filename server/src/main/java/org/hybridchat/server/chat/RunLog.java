package org.hybridchat.server.chat;

import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.List;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.WireFormat;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A run's events in Redis, so that a client that lost its stream can read the rest on any replica.
 * Each run is a Redis Stream {@code hybridchat:run:{runId}} of entries {@code e = WireFormat.encode(event)},
 * capped with {@code XADD MAXLEN ~ max-events}, whose entry ids are the SSE ids; beside it the string
 * {@code hybridchat:run:{runId}:session} names the session the run belongs to. Both expire
 * {@code hybridchat.chat.run-retention} after the run's last event (every append renews them). A reader on
 * another replica than the run's says it is there by renewing {@code hybridchat:run:{runId}:reader}.
 */
@Component
class RunLog {

    private static final String KEY_PREFIX = "hybridchat:run:";
    private static final LettuceExceptionConverter LETTUCE_EXCEPTIONS = new LettuceExceptionConverter();

    /** An event and its entry id in the run's stream; the id is null if the event could not be logged. */
    record Entry(String id, StreamEvent event) {}

    // One round trip per event, and no crash between the commands can leave a stream that never expires.
    private static final RedisScript<String> APPEND = RedisScript.of("""
            local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[3])
            return id""", String.class);

    // A remote reader's heartbeat: it is there (so the run is not abandoned), and is the run still there?
    private static final RedisScript<Long> PRESENT = RedisScript.of("""
            redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
            return redis.call('EXISTS', KEYS[2])""", Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final Duration retention;
    private final int maxEvents;

    RunLog(ReactiveStringRedisTemplate redis, @Value("${hybridchat.chat.run-retention}") Duration retention,
           @Value("${hybridchat.chat.run-max-events}") int maxEvents) {
        this.redis = redis;
        this.retention = retention;
        this.maxEvents = maxEvents;
    }

    /** Appends the event to the run's stream and renews the run's expiry; returns the entry id. */
    Mono<String> append(String runId, String sessionId, StreamEvent event) {
        return translated(redis.execute(APPEND, List.of(stream(runId), session(runId)),
                List.of(Integer.toString(maxEvents), WireFormat.encode(event), Long.toString(retention.toMillis()),
                        sessionId)).next());
    }

    /** The session the run belongs to; empty if the run is unknown or expired. */
    Mono<String> owner(String runId) {
        return translated(redis.opsForValue().get(session(runId)));
    }

    /** Up to {@code count} entries after {@code lastId} ("0" for all), oldest first. */
    Flux<Entry> after(String runId, String lastId, int count) {
        return translated(redis.opsForStream().range(stream(runId), Range.rightUnbounded(Range.Bound.inclusive(lastId)),
                        Limit.limit().count(count + 1))
                .filter(entry -> !entry.getId().getValue().equals(lastId))
                .take(count)
                .map(entry -> new Entry(entry.getId().getValue(),
                        WireFormat.decodeEvent(String.valueOf(entry.getValue().get("e"))))));
    }

    /** The run's last entry so far; empty if the run is unknown or expired. */
    Mono<Entry> last(String runId) {
        return translated(redis.opsForStream().reverseRange(stream(runId), Range.unbounded(), Limit.limit().count(1))
                .next()
                .map(entry -> new Entry(entry.getId().getValue(),
                        WireFormat.decodeEvent(String.valueOf(entry.getValue().get("e"))))));
    }

    /** Says a reader on another replica is attached, for {@code ttl}; whether the run is still kept. */
    Mono<Boolean> present(String runId, Duration ttl) {
        return translated(redis.execute(PRESENT, List.of(reader(runId), session(runId)),
                List.of(Long.toString(ttl.toMillis()))).next().map(exists -> exists > 0));
    }

    /** Whether a reader on another replica said it is attached within its time to live. */
    Mono<Boolean> remoteReader(String runId) {
        return translated(redis.hasKey(reader(runId)));
    }

    /** Whether {@code id} is a Redis Stream entry id ("ms-seq"), as a Last-Event-ID must be. */
    static boolean isEntryId(String id) {
        return id != null && id.matches("[0-9]{1,19}-[0-9]{1,19}");
    }

    /** Entry ids in order: ms first, then the sequence. */
    static int compare(String a, String b) {
        int dash = a.indexOf('-');
        int dashB = b.indexOf('-');
        int ms = Long.compareUnsigned(Long.parseUnsignedLong(a.substring(0, dash)), Long.parseUnsignedLong(b.substring(0, dashB)));
        return ms != 0 ? ms : Long.compareUnsigned(Long.parseUnsignedLong(a.substring(dash + 1)),
                Long.parseUnsignedLong(b.substring(dashB + 1)));
    }

    private static String stream(String runId) {
        return KEY_PREFIX + runId;
    }

    private static String session(String runId) {
        return KEY_PREFIX + runId + ":session";
    }

    private static String reader(String runId) {
        return KEY_PREFIX + runId + ":reader";
    }

    private static <T> Mono<T> translated(Mono<T> command) {
        return command.onErrorMap(RedisException.class, LETTUCE_EXCEPTIONS::convert);
    }

    private static <T> Flux<T> translated(Flux<T> command) {
        return command.onErrorMap(RedisException.class, LETTUCE_EXCEPTIONS::convert);
    }
}
