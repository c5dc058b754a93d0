package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.hybridchat.contract.ChatMessage;
import org.hybridchat.server.generation.DecodeLoop;
import org.hybridchat.server.generation.Generation;
import org.hybridchat.server.generation.SamplingSettings;

/**
 * Keeps a server's model busy from inside the test: one endless chain of long replies on the only
 * batch row (each, the moment it ends, submits the next, which then joins the end of the line), and
 * any number of long replies waiting ahead of the requests a test makes. A long reply is 250 tokens
 * (or up to the end of the context), half a second to a second on this machine.
 */
final class BusyModel implements AutoCloseable {

    private static final SamplingSettings LONG = new SamplingSettings(1f, 1f, 250, List.of(), 1, true);

    private final DecodeLoop decodeLoop;
    private final List<Generation> replies = new ArrayList<>();
    private final AtomicInteger chainStarts = new AtomicInteger();
    private volatile boolean busy = true;

    private BusyModel(DecodeLoop decodeLoop) {
        this.decodeLoop = decodeLoop;
    }

    /** Occupies the batch row of a model whose batch has one row, and waits until it is. */
    static BusyModel occupy(DecodeLoop decodeLoop) {
        BusyModel busy = new BusyModel(decodeLoop);
        busy.chain();
        awaitUntil(() -> decodeLoop.activeGenerations() == 1);
        return busy;
    }

    /** Puts {@code count} long replies in the waiting line, each already told its place. */
    void queue(int count) {
        for (int i = 0; i < count; i++) {
            submit().events().subscribe(event -> { }, failure -> { });
        }
    }

    /**
     * Waits until the next reply of the chain has its first token: the batch row is then busy for
     * nearly a whole long reply, much longer than a short wait a test may be about to measure.
     */
    void awaitFreshReply() {
        int started = chainStarts.get();
        awaitUntil(() -> chainStarts.get() > started);
    }

    /** Lets the chain end and cancels every reply still going, then waits for the model to be idle. */
    @Override
    public void close() {
        busy = false;
        synchronized (replies) {
            replies.forEach(Generation::cancel);
        }
        awaitUntil(() -> decodeLoop.activeGenerations() == 0 && decodeLoop.waitingGenerations() == 0);
    }

    private void chain() {
        AtomicBoolean first = new AtomicBoolean(true);
        submit().events().subscribe(event -> {
            if (event instanceof Generation.Text && first.getAndSet(false)) {
                chainStarts.incrementAndGet();
            }
        }, failure -> { }, () -> {
            if (busy) {
                chain();
            }
        });
    }

    private Generation submit() {
        Generation reply = decodeLoop.submit(List.of(ChatMessage.user("Tell me everything.")), LONG);
        synchronized (replies) {
            replies.add(reply);
        }
        return reply;
    }

    static void awaitUntil(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited 30 s").isBefore(deadline);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
