package org.hybridchat.server.routing;

/**
 * An upstream did not write a reply, and why, in words for the log. {@link #down()} failures (no
 * connection, a 5xx, silence, a stream that broke off or carried an error) say the upstream is
 * unwell, and take it out until it answers a probe; the others (a 4xx, such as 429 when its own line is
 * full) say only that it would not take this request.
 */
final class UpstreamFailure extends RuntimeException {

    private final boolean down;

    private UpstreamFailure(String message, boolean down) {
        // the message says all there is to say: where it happened is always the same place
        super(message, null, false, false);
        this.down = down;
    }

    static UpstreamFailure down(String message) {
        return new UpstreamFailure(message, true);
    }

    static UpstreamFailure refused(String message) {
        return new UpstreamFailure(message, false);
    }

    boolean down() {
        return down;
    }
}
