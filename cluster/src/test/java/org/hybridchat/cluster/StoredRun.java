package org.hybridchat.cluster;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.server.SseEntries.Entry;

/**
 * A run's log as the cluster's Redis holds it: the Redis Stream {@code hybridchat:run:{runId}} (the
 * braces are a Redis Cluster hash tag), one entry per event, its field {@code e} the event's wire form.
 */
final class StoredRun {

    private StoredRun() {
    }

    /** Every entry of the run's log, oldest first. */
    static List<Entry> entries(RedisServer redis, String runId) throws IOException {
        List<?> range = (List<?>) redis.call("XRANGE", key(runId), "-", "+");
        return range.stream().map(StoredRun::entry).toList();
    }

    /** The log's last entry so far. */
    static Entry last(RedisServer redis, String runId) throws IOException {
        List<?> range = (List<?>) redis.call("XREVRANGE", key(runId), "+", "-", "COUNT", "1");
        return entry(range.getFirst());
    }

    /** The reply's text, as the entries' TEXT_MESSAGE_CONTENT deltas spell it. */
    static String text(List<Entry> entries) {
        return entries.stream().filter(entry -> entry.event() instanceof TextMessageContent)
                .map(entry -> ((TextMessageContent) entry.event()).delta()).collect(Collectors.joining());
    }

    /** Entry ids in order: milliseconds, then the sequence number. */
    static int compareIds(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int ms = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return ms != 0 ? ms : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    private static String key(String runId) {
        return "hybridchat:run:{" + runId + "}";
    }

    // An entry is [id, [field, value, ...]]; a run's entries have the one field "e".
    private static Entry entry(Object raw) {
        List<?> entry = (List<?>) raw;
        List<?> fields = (List<?>) entry.get(1);
        return new Entry((String) entry.get(0), WireFormat.decodeEvent((String) fields.get(fields.indexOf("e") + 1)));
    }
}
