package org.hybridchat.server.generation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.server.network.Gpt;
import org.hybridchat.server.network.KvCache;
import org.hybridchat.server.network.ServerModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous batching: one thread writes every reply in progress, one token each per step, as a
 * single batched forward pass. A new request waits for a free batch row, is read in (prefilled)
 * on its own, and joins the batch at the next step; a reply that ends or is cancelled leaves the
 * batch before the next step. Much of a small model's step is fixed per-operation overhead, so a
 * step for 32 replies costs only about twice a step for one: batching multiplies throughput.
 *
 * <p>At most {@code maxBatch} replies are written at once and {@code maxWaiting} more wait, each
 * for at most {@code maxQueueWait}; beyond that {@link #submit} refuses at once, and a request that
 * waited too long ends, with {@link OverloadedException} instead of queueing without bound. So the
 * time to a first token stays under {@code maxQueueWait} plus a prefill however many ask.
 *
 * <p>With {@code batchInvariant} a seeded reply is the same to the last bit alone or batched, as
 * every step pads its rows to a multiple of 16 (see {@link Gpt#decode}); without it, a step computes
 * only the rows it has, and a seeded reply is the same run to run when it is written alone.
 */
public final class DecodeLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DecodeLoop.class);
    private static final long IDLE_WAIT_MILLIS = 100;

    private static final Duration ANNOUNCE_PLACES_EVERY = Duration.ofSeconds(1);

    private enum Outcome { FINISHED, CANCELLED, FAILED, TIMED_OUT }

    private final ServerModel serverModel;
    private final Gpt gpt;
    private final NDManager manager;
    private final KvCache cache;
    private final int maxBatch;
    private final int maxWaiting;
    private final boolean batchInvariant;
    private final Duration maxQueueWait;
    private final WaitingLine waiting;
    /** Waiting plus active: what {@link #submit} checks against its limits. */
    private final AtomicInteger admitted = new AtomicInteger();
    /** Row b of the cache belongs to active.get(b). Only the loop's thread touches it. */
    private final List<Generation> active = new ArrayList<>();
    private volatile int activeCount;
    private volatile long steps;
    private volatile boolean running = true;
    private final Thread thread;

    private final Timer timeToFirstToken;
    private final Timer interTokenLatency;
    private final Counter tokens;
    private final Counter refusals;
    private final Counter queueTimeouts;
    private final Timer queueWait;
    /** Where the loop's thread spends its time: the batched forward pass, sampling, and prefill of joining replies. */
    private final Timer forwardTime;
    private final Timer samplingTime;
    private final Timer prefillTime;
    private final MeterRegistry registry;

    public DecodeLoop(ServerModel serverModel, int maxBatch, int maxWaiting, Duration maxQueueWait, boolean batchInvariant,
                      MeterRegistry registry) {
        if (maxBatch < 1 || maxWaiting < 0 || !maxQueueWait.isPositive()) {
            throw new IllegalArgumentException("maxBatch must be >= 1, maxWaiting >= 0 and maxQueueWait > 0");
        }
        this.serverModel = serverModel;
        this.gpt = serverModel.gpt();
        this.manager = serverModel.manager().newSubManager();
        this.cache = gpt.newCache(maxBatch, manager);
        this.maxBatch = maxBatch;
        this.maxWaiting = maxWaiting;
        this.batchInvariant = batchInvariant;
        this.maxQueueWait = maxQueueWait;
        this.waiting = new WaitingLine(maxQueueWait, ANNOUNCE_PLACES_EVERY);
        this.registry = registry;
        timeToFirstToken = latency("hybridchat.generation.time.to.first.token",
                "From a request's submission to its first sampled token, waiting and prefill included");
        interTokenLatency = latency("hybridchat.generation.inter.token.latency",
                "Between two consecutive tokens of one reply");
        tokens = Counter.builder("hybridchat.generation.tokens").description("Tokens sampled").register(registry);
        refusals = Counter.builder("hybridchat.generation.refusals")
                .description("Requests refused because the batch and the waiting line were full").register(registry);
        queueTimeouts = Counter.builder("hybridchat.generation.queue.timeouts")
                .description("Requests that ended because they waited longer than the longest wait allowed")
                .register(registry);
        queueWait = latency("hybridchat.generation.queue.wait",
                "From a request's submission to its batch row, for the requests that got one");
        forwardTime = Timer.builder("hybridchat.generation.step.forward")
                .description("A decoding step's batched forward pass, logits copied out included").register(registry);
        samplingTime = Timer.builder("hybridchat.generation.step.sampling")
                .description("A decoding step's sampling of every row's next token, events emitted included")
                .register(registry);
        prefillTime = Timer.builder("hybridchat.generation.prefill")
                .description("Reading in one joining reply's prompt, its first token sampled included").register(registry);
        Gauge.builder("hybridchat.generation.queue.depth", waiting, WaitingLine::size)
                .description("Requests waiting for a batch row").register(registry);
        Gauge.builder("hybridchat.generation.active", this, loop -> loop.activeCount)
                .description("Replies being written, one batch row each").register(registry);
        thread = Thread.ofPlatform().name("decode-loop").daemon().start(this::run);
    }

    /**
     * Queues a reply to the conversation, whose last message is the user's. The prompt keeps the
     * most recent turns that fit in the context beside the reply.
     *
     * <p>A request that has to wait for a batch row hears its place in the line first
     * ({@link Generation.Queued}), and again when it moves up; one that waits longer than
     * {@code maxQueueWait} ends with {@link OverloadedException}.
     *
     * @throws OverloadedException when {@code maxBatch} replies are being written and
     *                             {@code maxWaiting} more are waiting
     */
    public Generation submit(List<ChatMessage> conversation, SamplingSettings sampling) {
        return submit(conversation, "", sampling);
    }

    /**
     * As {@link #submit(List, SamplingSettings)}, for a reply that was begun elsewhere as
     * {@code replySoFar} (by a replica or an engine that then stopped): the model takes it as its own
     * and writes only the rest, within the {@code maxTokens} of the whole reply.
     */
    public Generation submit(List<ChatMessage> conversation, String replySoFar, SamplingSettings sampling) {
        int[] begun = serverModel.encode(replySoFar);
        return submit(serverModel.prompt(conversation, begun, sampling.maxTokens()), sampling.after(begun.length), null);
    }

    /**
     * Queues a generation from a prompt the caller made with {@link ServerModel#prompt}. With a
     * grammar, the model may write a tool call: if its first token begins one, the generation's text
     * is the call, kept to the grammar; if not, it ends at once, empty.
     */
    public Generation submit(int[] prompt, SamplingSettings sampling, ToolCallGrammar calls) {
        int place = admitted.incrementAndGet();
        if (place > maxBatch + maxWaiting || !running) {
            admitted.decrementAndGet();
            refusals.increment();
            throw OverloadedException.lineFull(activeCount, waiting.size());
        }
        Generation generation = new Generation(prompt, sampling, gpt.config().contextLength(),
                serverModel.textDecoder(), System.nanoTime(), calls);
        waiting.join(generation, Math.max(0, place - maxBatch));
        return generation;
    }

    /** Whether a reply submitted now would get a batch row at once, with nobody ahead of it. */
    public boolean hasRoom() {
        return activeCount + waitingGenerations() < maxBatch;
    }

    public int activeGenerations() {
        return activeCount;
    }

    public int waitingGenerations() {
        return waiting.size();
    }

    public int maxBatch() {
        return maxBatch;
    }

    public int maxWaiting() {
        return maxWaiting;
    }

    /** Batched decoding steps taken since start. */
    public long steps() {
        return steps;
    }

    /** Stops the loop after its current step; replies still in progress end with an error. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cache.close();
        manager.close();
    }

    private void run() {
        try {
            while (running) {
                leaveCancelled();
                leaveWaitingLine();
                join();
                waiting.announcePlaces(System.nanoTime());
                if (!active.isEmpty()) {
                    step();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IllegalStateException stopped = new IllegalStateException("the server is shutting down");
        failAll(active, stopped);
        failAll(waiting.clear(), stopped);
    }

    /** Admits waiting requests into free rows: each is prefilled and samples its first token. */
    private void join() throws InterruptedException {
        while (active.size() < maxBatch) {
            Generation generation = waiting.next(active.isEmpty() ? IDLE_WAIT_MILLIS : 0);
            if (generation == null) {
                return;
            }
            if (generation.isCancelled()) {
                end(generation, Outcome.CANCELLED, null);
                continue;
            }
            queueWait.record(System.nanoTime() - generation.submittedNanos(), TimeUnit.NANOSECONDS);
            int row = active.size();
            int[] prompt = generation.prompt();
            long started = System.nanoTime();
            try (NDScope scope = new NDScope()) {
                long[] ids = Arrays.stream(prompt).asLongStream().toArray();
                float[] logits = gpt.prefill(manager.create(ids, new Shape(1, ids.length)), cache, row).toFloatArray();
                long now = System.nanoTime();
                timeToFirstToken.record(now - generation.submittedNanos(), TimeUnit.NANOSECONDS);
                if (sampleAndAdvance(generation, prompt.length, logits, 0, now)) {
                    active.add(generation);
                    activeCount = active.size();
                } else {
                    end(generation, Outcome.FINISHED, null);
                }
            } catch (RuntimeException e) {
                log.error("Prefill failed", e);
                end(generation, Outcome.FAILED, e);
            }
            prefillTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    /** One token for every active reply; then the replies that ended leave their rows. */
    private void step() {
        int batch = active.size();
        int[] next = new int[batch];
        int[] positions = new int[batch];
        for (int b = 0; b < batch; b++) {
            next[b] = active.get(b).nextToken();
            positions[b] = active.get(b).length();
        }
        float[] logits;
        long started = System.nanoTime();
        try (NDScope scope = new NDScope()) {
            logits = gpt.decode(manager, next, positions, cache, batchInvariant).toFloatArray();           // [B, V]
        } catch (RuntimeException e) {
            log.error("A decoding step failed for {} replies", batch, e);
            failAll(active, e);
            activeCount = 0;
            return;
        }
        steps++;
        long now = System.nanoTime();
        forwardTime.record(now - started, TimeUnit.NANOSECONDS);
        int vocabulary = gpt.config().vocabSize();
        boolean[] going = new boolean[batch];
        for (int b = 0; b < batch; b++) {
            Generation generation = active.get(b);
            interTokenLatency.record(now - generation.lastTokenNanos(), TimeUnit.NANOSECONDS);
            going[b] = sampleAndAdvance(generation, positions[b] + 1, logits, b * vocabulary, now);
        }
        samplingTime.record(System.nanoTime() - now, TimeUnit.NANOSECONDS);
        for (int b = batch - 1; b >= 0; b--) {
            if (!going[b]) {
                leave(b, Outcome.FINISHED);
            }
        }
    }

    /**
     * Samples and shows one reply's next token; whether it goes on. A reply whose sampling fails (a
     * bug in a constraint, say) ends alone, failed: the loop and the batch's other replies go on.
     */
    private boolean sampleAndAdvance(Generation generation, int length, float[] logits, int offset, long now) {
        tokens.increment();
        try {
            int token = generation.sample(logits, offset, gpt.config().vocabSize());
            return generation.advance(length, token, now);
        } catch (RuntimeException e) {
            log.error("Sampling failed for one reply; it ends, the others go on", e);
            generation.failWith(e);
            return false;
        }
    }

    /** Cancelled replies leave before the next step, so a client that went away costs at most the step in flight. */
    private void leaveCancelled() {
        for (int b = active.size() - 1; b >= 0; b--) {
            if (active.get(b).isCancelled()) {
                leave(b, Outcome.CANCELLED);
            }
        }
    }

    /** Cancelled requests still waiting give up their place in the line, and those that waited too long are refused. */
    private void leaveWaitingLine() {
        WaitingLine.Leaving leaving = waiting.sweep(System.nanoTime());
        leaving.cancelled().forEach(generation -> end(generation, Outcome.CANCELLED, null));
        leaving.timedOut().forEach(generation -> end(generation, Outcome.TIMED_OUT, null));
    }

    /** Frees row b: the last active row moves into it, so the rows in use stay 0..B-1. */
    private void leave(int row, Outcome outcome) {
        int last = active.size() - 1;
        Generation leaving = active.get(row);
        if (row != last) {
            cache.move(last, row);
            active.set(row, active.get(last));
        }
        active.remove(last);
        activeCount = active.size();
        end(leaving, outcome, null);
    }

    private void failAll(Collection<Generation> generations, Throwable failure) {
        for (Generation generation : generations) {
            end(generation, Outcome.FAILED, failure);
        }
        generations.clear();
    }

    /**
     * A reply is done with: its place is freed and its outcome counted before its stream ends, so
     * a client that sends its next request the moment it has the reply finds the place free.
     */
    private void end(Generation generation, Outcome outcome, Throwable failure) {
        admitted.decrementAndGet();
        registry.counter("hybridchat.generations", "outcome", outcome.name().toLowerCase(Locale.ROOT)).increment();
        switch (outcome) {
            case FINISHED -> generation.finish();
            // usually nobody listens any more; a reply cancelled by other means must still end
            case CANCELLED -> generation.fail(new CancellationException("the reply was cancelled"));
            case FAILED -> generation.fail(failure);
            case TIMED_OUT -> {
                queueTimeouts.increment();
                generation.fail(OverloadedException.waitedTooLong(maxQueueWait));
            }
        }
    }

    private Timer latency(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }
}
