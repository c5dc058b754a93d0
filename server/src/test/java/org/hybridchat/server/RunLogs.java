package org.hybridchat.server;

import java.util.List;
import java.util.stream.Collectors;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.server.SseEntries.Entry;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** Runs' logs as Redis holds them (one Redis Stream per run), which tests hold what clients received against. */
final class RunLogs {

    private RunLogs() {
    }

    /** The run's stream; its other keys add a suffix. The braces are a Redis Cluster hash tag. */
    static String key(String runId) {
        return "hybridchat:run:{" + runId + "}";
    }

    /** Every entry of the run's log, oldest first. */
    static List<Entry> logged(ReactiveStringRedisTemplate redis, String runId) {
        return redis.opsForStream().range(key(runId), Range.unbounded())
                .map(record -> new Entry(record.getId().getValue(),
                        WireFormat.decodeEvent(String.valueOf(record.getValue().get("e")))))
                .collectList().block();
    }

    /** The reply's text, as the entries' TEXT_MESSAGE_CONTENT deltas spell it. */
    static String text(List<Entry> entries) {
        return entries.stream().filter(entry -> entry.event() instanceof TextMessageContent)
                .map(entry -> ((TextMessageContent) entry.event()).delta()).collect(Collectors.joining());
    }
}
