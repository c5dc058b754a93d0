package org.hybridchat.server.model;

/** Every batch row is busy and the waiting line is full: the request is refused rather than left to hang. */
public final class OverloadedException extends RuntimeException {
    OverloadedException(int active, int waiting) {
        super("The server is busy: " + active + " replies are being written and " + waiting
                + " are waiting. Try again in a moment.");
    }
}
