package org.hybridchat.server.generation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The requests waiting for a batch row, first come, first served. Each learns its place when it
 * joins and, at most once every {@code announceEvery}, when that place has changed; one that waits
 * longer than {@code maxWait} is taken out, so that a line longer than the model can serve turns into
 * quick refusals rather than into ever longer waits for everyone.
 *
 * <p>Request threads {@link #join}; the decode loop's thread does everything else. A waiting request
 * costs one queue node: no thread, no buffer beyond its own.
 */
final class WaitingLine {

    /** What {@link #sweep} took out of the line, for the loop to end. */
    record Leaving(List<Generation> cancelled, List<Generation> timedOut) {}

    /**
     * How many places one call of {@link #announcePlaces} tells at most. Telling one costs a few
     * microseconds of the loop's thread (its event goes down that stream's pipeline), so 10,000 at
     * once would hold up the batch's next token by tens of milliseconds; slices keep each under ~2 ms.
     */
    private static final int PLACES_PER_SLICE = 256;

    private final LinkedBlockingQueue<Generation> line = new LinkedBlockingQueue<>();
    private final long maxWaitNanos;
    private final long announceEveryNanos;
    private long passStartedNanos;
    /** How many requests from the head of the line the pass under way has told; 0 between passes. */
    private int told;

    WaitingLine(Duration maxWait, Duration announceEvery) {
        this.maxWaitNanos = maxWait.toNanos();
        this.announceEveryNanos = announceEvery.toNanos();
    }

    /**
     * Puts a request at the end of the line; {@code position} is where it stands, counting from 1,
     * or 0 when a row is free for it, so that it need not hear of the line at all.
     */
    void join(Generation generation, int position) {
        if (position > 0) {
            // before it is in the line, so that the loop's thread is the only one to tell it more
            generation.queued(position);
        }
        line.add(generation);
    }

    /** The first in line, waiting up to {@code timeoutMillis} for one; null if there is none. */
    Generation next(long timeoutMillis) throws InterruptedException {
        return timeoutMillis > 0 ? line.poll(timeoutMillis, TimeUnit.MILLISECONDS) : line.poll();
    }

    int size() {
        return line.size();
    }

    /**
     * Takes out the requests that were cancelled or have waited too long. One pass over the line:
     * 10,000 waiting requests cost well under a millisecond, against a decoding step of tens.
     */
    Leaving sweep(long now) {
        List<Generation> cancelled = new ArrayList<>();
        List<Generation> timedOut = new ArrayList<>();
        // Only this thread takes from the line, so every request picked here does leave it.
        line.removeIf(generation -> generation.isCancelled() ? cancelled.add(generation)
                : now - generation.submittedNanos() > maxWaitNanos && timedOut.add(generation));
        return new Leaving(cancelled, timedOut);
    }

    /**
     * Tells the requests in the line their places, where they have changed: a pass over the line at
     * most once every {@code announceEvery}, a slice of it per call. Called once every free batch row
     * has been filled: what is still in the line then truly waits.
     */
    void announcePlaces(long now) {
        if (told == 0) {
            if (now - passStartedNanos < announceEveryNanos) {
                return;
            }
            passStartedNanos = now;
        }
        int end = told + PLACES_PER_SLICE;
        int position = 0;
        for (Generation generation : line) {
            if (++position > told) {
                generation.queued(position);
                if (position == end) {
                    break;
                }
            }
        }
        told = position == end ? end : 0;
    }

    /** Empties the line, for a loop that stops. */
    List<Generation> clear() {
        List<Generation> all = new ArrayList<>();
        line.drainTo(all);
        return all;
    }
}
