package org.hybridchat.server.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.StreamEvent.Engine;
import org.hybridchat.server.generation.DecodeLoop;
import org.hybridchat.server.generation.Generation;
import org.hybridchat.server.generation.OverloadedException;
import org.hybridchat.server.generation.SamplingSettings;
import org.hybridchat.server.routing.Routed.Generated;
import org.hybridchat.server.routing.Routed.Placed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Decides, per reply, which engine writes it: this server's decode loop while it has room (the reply
 * would not wait for a batch row), otherwise the upstream in service with the shortest expected wait
 * (fewest replies in flight from this server, then the quickest recent first token), and the local
 * loop again when every upstream is out of service or fails before its first token; there the reply
 * waits its turn or is refused, as without upstreams.
 *
 * <p>An upstream that fails (no connection, a 5xx, silence, a broken stream) is taken out of service
 * and probed ({@code GET /v1/models}) every probe interval until it answers; a 4xx only sends that
 * request on. A reply an upstream began and could not finish is finished by the local loop from the
 * text received so far ({@link DecodeLoop#submit(List, String, SamplingSettings)}), so it is still one
 * whole reply; its events say that it moved. No other upstream is asked to go on with it: the OpenAI API
 * has no portable way to continue an assistant's message.
 *
 * <p>A reply forwarded by another server (it carries {@link #FORWARDED_HEADER}) is always written
 * here, so that two replicas that name each other as upstreams never pass a request back and forth.
 */
public final class Router implements AutoCloseable {

    /** Set on every request to an upstream; a replica of this server writes such a request itself. */
    public static final String FORWARDED_HEADER = "X-Hybridchat-Forwarded";

    private static final Logger log = LoggerFactory.getLogger(Router.class);
    /** How much a new first-token time counts in an upstream's running average. */
    private static final double FIRST_TOKEN_WEIGHT = 0.3;

    private final DecodeLoop loop;
    private final String localModel;
    private final List<Candidate> upstreams;
    private final Duration probeInterval;
    private final MeterRegistry registry;
    private volatile boolean closed;

    public Router(DecodeLoop loop, String localModel, List<Upstream> upstreams, Duration probeInterval,
                  MeterRegistry registry) {
        this.loop = loop;
        this.localModel = localModel;
        this.probeInterval = probeInterval;
        this.registry = registry;
        this.upstreams = upstreams.stream().map(Candidate::new).toList();
        for (Candidate candidate : this.upstreams) {
            Gauge.builder("hybridchat.upstream.up", candidate, c -> c.inService ? 1 : 0).tag("upstream", candidate.name())
                    .description("1 while an upstream is in service, 0 while it is out and probed").register(registry);
            Gauge.builder("hybridchat.upstream.in.flight", candidate.inFlight, AtomicInteger::get)
                    .tag("upstream", candidate.name()).description("Replies an upstream is writing for this server")
                    .register(registry);
        }
    }

    /**
     * The reply to {@code conversation}, placed: on the local loop at once when it has room, when no
     * upstream is in service, or when {@code forwarded}; else on upstreams in turn as the returned flux
     * is read. Its first event is a {@link Placed}; cancelling the flux stops the reply wherever it is
     * written.
     *
     * @throws OverloadedException when the reply is placed on the local loop and its line is full
     */
    public Flux<Routed> route(List<ChatMessage> conversation, SamplingSettings sampling, boolean forwarded) {
        List<Candidate> order = forwarded || loop.hasRoom() ? List.of() : inServiceByExpectedWait();
        if (order.isEmpty()) {
            return local(loop.submit(conversation, sampling), false);
        }
        return upstreams(order, 0, conversation, sampling);
    }

    /**
     * The rest of a reply begun elsewhere as {@code replySoFar} and left unfinished (its replica died),
     * written by the local loop, which is the only engine that can go on with another's message. Its
     * first event is a {@link Placed} {@code moved}.
     *
     * @throws OverloadedException when the local loop's line is full
     */
    public Flux<Routed> finishLocally(List<ChatMessage> conversation, String replySoFar, SamplingSettings sampling) {
        return submitted(conversation, replySoFar, sampling, true);
    }

    /** Stops probing. */
    @Override
    public void close() {
        closed = true;
        upstreams.forEach(Candidate::stopProbing);
    }

    /** Sorted on a snapshot: in-flight counts and averages change while the sort runs. */
    private List<Candidate> inServiceByExpectedWait() {
        record Wait(Candidate candidate, int inFlight, double firstTokenMillis) {}
        List<Wait> waits = new ArrayList<>();
        for (Candidate candidate : upstreams) {
            if (candidate.inService) {
                // an upstream not yet heard from is taken to be quick, so that it gets tried
                double firstToken = Double.isNaN(candidate.firstTokenMillis) ? 0 : candidate.firstTokenMillis;
                waits.add(new Wait(candidate, candidate.inFlight.get(), firstToken));
            }
        }
        return waits.stream().sorted(Comparator.comparingInt(Wait::inFlight).thenComparingDouble(Wait::firstTokenMillis))
                .map(Wait::candidate).toList();
    }

    /** The local loop's reply, submitted when the flux is read and cancelled however it ends. */
    private Flux<Routed> submitted(List<ChatMessage> conversation, String replySoFar, SamplingSettings sampling,
                                   boolean moved) {
        return Flux.using(() -> loop.submit(conversation, replySoFar, sampling), generation -> local(generation, moved),
                Generation::cancel);
    }

    private Flux<Routed> local(Generation generation, boolean moved) {
        return Flux.concat(Mono.fromSupplier(() -> placed(Engine.LOCAL, localModel, moved)),
                generation.events().map(Generated::new));
    }

    /** Tries {@code order[index]}, and on a failure before its first event the next, then the local loop. */
    private Flux<Routed> upstreams(List<Candidate> order, int index, List<ChatMessage> conversation,
                                   SamplingSettings sampling) {
        if (index == order.size()) {
            return submitted(conversation, "", sampling, false);
        }
        Candidate candidate = order.get(index);
        return Flux.defer(() -> {
            if (!candidate.inService) { // taken out by another reply since the order was made
                return upstreams(order, index + 1, conversation, sampling);
            }
            Attempt attempt = new Attempt(candidate);
            return candidate.upstream.reply(conversation, sampling)
                    .doOnSubscribe(subscription -> candidate.inFlight.incrementAndGet())
                    .doFinally(signal -> candidate.inFlight.decrementAndGet())
                    .concatMapIterable(attempt::on)
                    .onErrorResume(UpstreamFailure.class, failure -> {
                        failed(candidate, failure);
                        if (!attempt.placed) {
                            return upstreams(order, index + 1, conversation, sampling);
                        }
                        log.warn("The local model finishes a reply {} began, from its {} characters: {}",
                                candidate.name(), attempt.text.length(), failure.getMessage());
                        registry.counter("hybridchat.replies.moved", "from", candidate.name()).increment();
                        return submitted(conversation, attempt.text.toString(), sampling, true);
                    });
        });
    }

    private Placed placed(String engine, String model, boolean moved) {
        if (!moved) {
            Counter.builder("hybridchat.replies").tag("engine", engine)
                    .description("Model replies, by the engine that began them: local or an upstream's name")
                    .register(registry).increment();
        }
        return new Placed(engine, model, moved);
    }

    private void failed(Candidate candidate, UpstreamFailure failure) {
        if (!failure.down()) {
            log.info("Upstream {} would not take a reply: {}", candidate.name(), failure.getMessage());
            registry.counter("hybridchat.upstream.refusals", "upstream", candidate.name()).increment();
            return;
        }
        registry.counter("hybridchat.upstream.failures", "upstream", candidate.name()).increment();
        synchronized (candidate) {
            if (!candidate.inService) {
                return;
            }
            candidate.inService = false;
        }
        log.warn("Upstream {} taken out of service: {}; probing it every {} ms", candidate.name(), failure.getMessage(),
                probeInterval.toMillis());
        probeLater(candidate);
    }

    private void probeLater(Candidate candidate) {
        if (closed) {
            return;
        }
        candidate.probing = Mono.delay(probeInterval).then(candidate.upstream.probe()).subscribe(
                ignored -> { },
                stillDown -> probeLater(candidate),
                () -> {
                    candidate.inService = true;
                    log.info("Upstream {} answers again: back in service", candidate.name());
                });
    }

    /** One upstream and what this server knows of it. */
    private static final class Candidate {
        final Upstream upstream;
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean inService = true;
        /** A running average, NaN until a first token came. */
        volatile double firstTokenMillis = Double.NaN;
        volatile Disposable probing;

        Candidate(Upstream upstream) {
            this.upstream = upstream;
        }

        String name() {
            return upstream.name();
        }

        void firstToken(long nanos) {
            double millis = TimeUnit.NANOSECONDS.toMicros(nanos) / 1000.0;
            double average = firstTokenMillis;
            firstTokenMillis = Double.isNaN(average) ? millis : average + FIRST_TOKEN_WEIGHT * (millis - average);
        }

        void stopProbing() {
            Disposable current = probing;
            if (current != null) {
                current.dispose();
            }
        }
    }

    /**
     * One try of one upstream: placed once its first event comes, with the text it wrote so far, which
     * the local loop goes on from if the upstream stops. One event at a time ({@code concatMapIterable}).
     */
    private final class Attempt {
        private final Candidate candidate;
        private final long started = System.nanoTime();
        private final StringBuilder text = new StringBuilder();
        private boolean placed;

        Attempt(Candidate candidate) {
            this.candidate = candidate;
        }

        List<Routed> on(Generation.Event event) {
            if (event instanceof Generation.Text piece) {
                text.append(piece.text());
            }
            Generated generated = new Generated(event);
            if (placed) {
                return List.of(generated);
            }
            placed = true;
            candidate.firstToken(System.nanoTime() - started);
            return List.of(placed(candidate.name(), candidate.upstream.model(), false), generated);
        }
    }
}
