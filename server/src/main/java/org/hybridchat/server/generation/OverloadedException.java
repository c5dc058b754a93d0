package org.hybridchat.server.generation;

import java.time.Duration;

/**
 * The model cannot take the request on: every batch row is busy and the waiting line is full, or the
 * request waited in the line as long as it may. Refused rather than left to hang; nothing was done
 * for it, so asking again later is safe.
 */
public final class OverloadedException extends RuntimeException {

    private OverloadedException(String message) {
        super(message);
    }

    static OverloadedException lineFull(int active, int waiting) {
        return new OverloadedException("The server is busy: " + active + " replies are being written and " + waiting
                + " are waiting. Try again in a moment.");
    }

    static OverloadedException waitedTooLong(Duration maxWait) {
        String waited = maxWait.toMillis() % 1000 == 0 ? maxWait.toSeconds() + " s" : maxWait.toMillis() + " ms";
        return new OverloadedException("The server is busy: this reply waited " + waited
                + " for its turn without getting it. Try again in a moment.");
    }
}
