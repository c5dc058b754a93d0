package org.hybridchat.server.generation;

import java.util.List;

/**
 * Ends a reply where one of its stop texts first appears, leaving the stop text out. A reply
 * streams, so whenever its end could be the start of a stop text, that end is held back until
 * the next piece shows whether it is.
 */
final class StopText {
    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    StopText(List<String> stops) {
        this.stops = stops;
    }

    /** The text that can be shown now that this piece has arrived; after a stop text, nothing. */
    String accept(String piece) {
        if (stopped) {
            return "";
        }
        held.append(piece);
        int stopAt = firstStop();
        if (stopAt >= 0) {
            stopped = true;
            String shown = held.substring(0, stopAt);
            held.setLength(0);
            return shown;
        }
        return release(held.length() - longestStopStart());
    }

    boolean stopped() {
        return stopped;
    }

    /** What is held back, once the reply has ended for another reason. */
    String flush() {
        return release(held.length());
    }

    /** Where the earliest stop text starts in the held text, or -1. */
    private int firstStop() {
        int first = -1;
        for (String stop : stops) {
            int at = held.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    /** The length of the longest end of the held text that is the start of a stop text. */
    private int longestStopStart() {
        int longest = 0;
        for (String stop : stops) {
            for (int length = Math.min(stop.length() - 1, held.length()); length > longest; length--) {
                CharSequence end = held.subSequence(held.length() - length, held.length());
                if (CharSequence.compare(end, stop.subSequence(0, length)) == 0) {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }

    private String release(int length) {
        String shown = held.substring(0, length);
        held.delete(0, length);
        return shown;
    }
}
