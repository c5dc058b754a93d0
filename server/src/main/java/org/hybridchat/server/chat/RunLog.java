package org.hybridchat.server.chat;

import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.List;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.WireFormat;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
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
 *
 * <p>The replica writing a run holds its lease, {@code hybridchat:run:{runId}:lease} (the replica's id,
 * renewed every heartbeat and by every append, expiring after a few missed ones). A lease that expired
 * on a run that has not ended means its replica is gone; a reader elsewhere may then claim it and write
 * the rest. Appends are fenced by the lease: a replica that lost it (stalled past its expiry while
 * another took over) can no longer write, so the log never interleaves two writers.
 */
@Component
class RunLog {

    private static final String KEY_PREFIX = "hybridchat:run:";
    private static final LettuceExceptionConverter LETTUCE_EXCEPTIONS = new LettuceExceptionConverter();

    /** An event and its entry id in the run's stream; the id is null if the event could not be logged. */
    record Entry(String id, StreamEvent event) {}

    // One round trip per event, and no crash between the commands can leave a stream that never expires.
    // Nothing (nil) when another replica holds the lease.
    private static final RedisScript<String> APPEND = RedisScript.of("""
            local holder = redis.call('GET', KEYS[3])
            if holder and holder ~= ARGV[5] then return false end
            local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[3])
            redis.call('SET', KEYS[3], ARGV[5], 'PX', ARGV[6])
            return id""", String.class);

    // 1 if the lease is (still, or again) this replica's, 0 if another replica's.
    private static final RedisScript<Long> RENEW = RedisScript.of("""
            local holder = redis.call('GET', KEYS[1])
            if holder and holder ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1""", Long.class);

    // A remote reader's heartbeat: it is there (so the run is not abandoned); is the run still there,
    // and is a replica writing it? 0: the run is gone; 1: a replica holds its lease; 2: nobody does.
    private static final RedisScript<Long> PRESENT = RedisScript.of("""
            redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
            if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
            if redis.call('EXISTS', KEYS[3]) == 1 then return 1 end
            return 2""", Long.class);

    /** What a remote reader's heartbeat found. */
    enum Presence {
        /** The run expired: there is nothing more to read. */
        GONE,
        /** A replica holds the run's lease: it is writing the run, or has just finished it. */
        WRITTEN,
        /** Nobody holds the lease: the replica that wrote the run is gone, and someone may take it over. */
        ORPHANED
    }

    private final ReactiveStringRedisTemplate redis;
    private final Duration retention;
    private final int maxEvents;
    private final Duration leaseTimeToLive;

    RunLog(ReactiveStringRedisTemplate redis, @Value("${hybridchat.chat.run-retention}") Duration retention,
           @Value("${hybridchat.chat.run-max-events}") int maxEvents,
           @Value("${hybridchat.chat.heartbeat}") Duration heartbeat) {
        this.redis = redis;
        this.retention = retention;
        this.maxEvents = maxEvents;
        // renewed every heartbeat: two missed renewals are a stall, three a replica that is gone
        this.leaseTimeToLive = heartbeat.multipliedBy(3);
    }

    int maxEvents() {
        return maxEvents;
    }

    /**
     * Appends the event to the run's stream, renews the run's expiry and {@code replica}'s lease on it;
     * returns the entry id, or nothing if another replica holds the lease.
     */
    Mono<String> append(String runId, String sessionId, String replica, StreamEvent event) {
        return translated(redis.execute(APPEND, List.of(stream(runId), session(runId), lease(runId)),
                List.of(Integer.toString(maxEvents), WireFormat.encode(event), Long.toString(retention.toMillis()),
                        sessionId, replica, Long.toString(leaseTimeToLive.toMillis()))).next());
    }

    /** Renews {@code replica}'s lease on the run; false if another replica holds it. */
    Mono<Boolean> renew(String runId, String replica) {
        return translated(redis.execute(RENEW, List.of(lease(runId)),
                List.of(replica, Long.toString(leaseTimeToLive.toMillis()))).next().map(held -> held == 1));
    }

    /** Takes the lease of a run nobody holds; false if some replica holds it (another claimed it first). */
    Mono<Boolean> claim(String runId, String replica) {
        return translated(redis.opsForValue().setIfAbsent(lease(runId), replica, leaseTimeToLive));
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
                .map(RunLog::entry));
    }

    /** The run's last entry so far; empty if the run is unknown or expired. */
    Mono<Entry> last(String runId) {
        return translated(redis.opsForStream().reverseRange(stream(runId), Range.unbounded(), Limit.limit().count(1))
                .next()
                .map(RunLog::entry));
    }

    /** Says a reader on another replica is attached, for {@code ttl}; whether the run is kept, and written. */
    Mono<Presence> present(String runId, Duration ttl) {
        return translated(redis.execute(PRESENT, List.of(reader(runId), session(runId), lease(runId)),
                List.of(Long.toString(ttl.toMillis()))).next().map(found -> Presence.values()[found.intValue()]));
    }

    /** Whether a reader on another replica said it is attached within its time to live. */
    Mono<Boolean> remoteReader(String runId) {
        return translated(redis.hasKey(reader(runId)));
    }

    private static Entry entry(MapRecord<String, Object, Object> record) {
        return new Entry(record.getId().getValue(), WireFormat.decodeEvent(String.valueOf(record.getValue().get("e"))));
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

    // The braces are Redis Cluster's hash tag: a run's keys share a slot, as its scripts need.
    private static String stream(String runId) {
        return KEY_PREFIX + "{" + runId + "}";
    }

    private static String session(String runId) {
        return stream(runId) + ":session";
    }

    private static String lease(String runId) {
        return stream(runId) + ":lease";
    }

    private static String reader(String runId) {
        return stream(runId) + ":reader";
    }

    private static <T> Mono<T> translated(Mono<T> command) {
        return command.onErrorMap(RedisException.class, LETTUCE_EXCEPTIONS::convert);
    }

    private static <T> Flux<T> translated(Flux<T> command) {
        return command.onErrorMap(RedisException.class, LETTUCE_EXCEPTIONS::convert);
    }
}
