package org.hybridchat.server;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.WireFormat;

/**
 * An open event stream read message by message, each with its SSE {@code id}, as a browser's
 * EventSource would; closing it drops the connection.
 */
public final class SseEntries implements AutoCloseable {

    /** One SSE message: its id (null if it had none) and its event. */
    public record Entry(String id, StreamEvent event) {}

    private final Stream<String> lines;
    private final Iterator<String> iterator;

    public SseEntries(HttpResponse<Stream<String>> response) {
        this.lines = response.body();
        this.iterator = lines.iterator();
    }

    /** The next message, or null when the stream has ended. */
    public Entry next() {
        String id = null;
        String data = null;
        while (iterator.hasNext()) {
            String line = iterator.next();
            if (line.isEmpty()) {
                if (data != null) {
                    return new Entry(id, WireFormat.decodeEvent(data));
                }
                id = null;
            } else if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            } else if (line.startsWith("data:")) {
                data = line.substring(5);
            }
        }
        return data == null ? null : new Entry(id, WireFormat.decodeEvent(data));
    }

    /** Messages up to and including the first that {@code last} accepts, or to the end of the stream. */
    public List<Entry> until(Predicate<StreamEvent> last) {
        List<Entry> entries = new ArrayList<>();
        Entry entry;
        while ((entry = next()) != null) {
            entries.add(entry);
            if (last.test(entry.event())) {
                break;
            }
        }
        return entries;
    }

    /** Every message to the end of the stream. */
    public List<Entry> rest() {
        return until(event -> false);
    }

    public static boolean endsRun(StreamEvent event) {
        return event instanceof StreamEvent.RunFinished || event instanceof StreamEvent.RunError;
    }

    @Override
    public void close() {
        lines.close();
    }
}
