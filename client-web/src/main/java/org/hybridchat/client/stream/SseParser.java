package org.hybridchat.client.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Server-Sent Events stream, fed in pieces as they arrive, into the {@code data} of its
 * events (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
 * A piece may end anywhere, even inside a line or between a CR and its LF; what is incomplete waits
 * for the next piece. Comment lines ({@code : ping}) and the fields this page does not use
 * ({@code event}, {@code retry}) are skipped; {@code id} sets the last event id, as EventSource's
 * does, which {@link #lastEventId()} tells for the last event returned.
 */
public final class SseParser {

    private final StringBuilder line = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private boolean afterCarriageReturn;
    private String idBuffer = "";
    private String lastEventId = "";

    /** The id of the last event {@link #feed} returned (the last {@code id} field before it), "" for none. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The data of every event that {@code piece} completes, in order. */
    public List<String> feed(String piece) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < piece.length(); i++) {
            char c = piece.charAt(i);
            if (c == '\n' && afterCarriageReturn) {
                afterCarriageReturn = false;
                continue;
            }
            afterCarriageReturn = c == '\r';
            if (c == '\r' || c == '\n') {
                endLine(events);
            } else {
                line.append(c);
            }
        }
        return events;
    }

    private void endLine(List<String> events) {
        if (line.length() == 0) {
            if (hasData) {
                events.add(data.toString());
                lastEventId = idBuffer;
            }
            data.setLength(0);
            hasData = false;
            return;
        }
        int colon = line.indexOf(":");
        String field = colon < 0 ? line.toString() : line.substring(0, colon);
        if (field.equals("data")) {
            int start = colon < 0 ? line.length() : colon + 1;
            if (start < line.length() && line.charAt(start) == ' ') {
                start++;
            }
            if (hasData) {
                data.append('\n');
            }
            data.append(line, start, line.length());
            hasData = true;
        } else if (field.equals("id")) {
            int start = colon < 0 ? line.length() : colon + 1;
            if (start < line.length() && line.charAt(start) == ' ') {
                start++;
            }
            String id = line.substring(start);
            if (id.indexOf('\0') < 0) {
                idBuffer = id;
            }
        }
        line.setLength(0);
    }
}
