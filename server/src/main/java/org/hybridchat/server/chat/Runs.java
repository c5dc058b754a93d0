package org.hybridchat.server.chat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.hybridchat.contract.ErrorCode;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.RunError;
import org.hybridchat.server.chat.RunLog.Entry;
import org.hybridchat.server.chat.RunLog.Presence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Runs that outlive their HTTP response. A run's events are published once, in order, to its
 * {@link RunLog} (so each has a Redis Stream entry id) and to a local replay of the same entries; the
 * POST's own stream and every reconnection read the entries after the id they have, so nothing is sent
 * twice and nothing is lost. A run with no reader for {@code hybridchat.chat.resume-grace} is
 * abandoned: its generation is cancelled (freeing its batch row or its place in the line) and its log
 * ends with RUN_ERROR {@code abandoned}; a reader that comes back within the grace keeps it going.
 *
 * <p>Readers on this replica read the local replay; a reader on another replica polls the log
 * ({@code XRANGE} after its last id, at once while entries come, every {@code resume-poll} while none
 * do) and says every heartbeat that it is there, which the run's replica checks before abandoning it.
 *
 * <p>A replica that dies takes its runs' generations with it, but not their logs: its lease on each
 * run expires (see {@link RunLog}), and a reader elsewhere that finds a run orphaned claims it and has
 * {@link ChatService#takeOver} write the rest from what the log holds. Its client, resuming through any
 * replica, gets the whole reply.
 */
@Component
class Runs {

    private static final Logger log = LoggerFactory.getLogger(Runs.class);
    private static final int PAGE = 256;
    /** How long, beyond the grace, a new run waits for its first reader (the response that started it). */
    private static final Duration FIRST_READER = Duration.ofSeconds(10);

    private final RunLog runLog;
    private final ChatService chat;
    /** This process, as the holder of its runs' leases. */
    private final String replica = UUID.randomUUID().toString();
    private final Duration grace;
    private final Duration poll;
    private final Duration heartbeat;
    private final Map<String, LiveRun> live = new ConcurrentHashMap<>();

    Runs(RunLog runLog, ChatService chat, @Value("${hybridchat.chat.resume-grace}") Duration grace,
         @Value("${hybridchat.chat.resume-poll}") Duration poll,
         @Value("${hybridchat.chat.heartbeat}") Duration heartbeat) {
        this.runLog = runLog;
        this.chat = chat;
        this.grace = grace;
        this.poll = poll;
        this.heartbeat = heartbeat;
    }

    /**
     * Starts publishing a run, whose first event is RUN_STARTED, independently of whoever reads it;
     * returns its entries from the first, for the request that started it.
     */
    Flux<Entry> start(String runId, String sessionId, Flux<StreamEvent> events) {
        return publish(runId, sessionId, events).after("0");
    }

    /** Publishes the run's events, holding its lease, until they end or the run is abandoned or superseded. */
    private LiveRun publish(String runId, String sessionId, Flux<StreamEvent> events) {
        LiveRun run = new LiveRun(runId, sessionId);
        live.put(runId, run);
        // appends renew the lease too; this keeps it while a run waits in line or in a long step.
        // A renewal Redis cannot answer is not a lost lease: the run goes on, unlogged if need be.
        Disposable lease = Flux.interval(heartbeat)
                .concatMap(beat -> runLog.renew(runId, replica).onErrorReturn(true))
                .filter(held -> !held).next()
                .subscribe(lost -> run.supersede());
        run.subscription = events.takeUntilOther(run.abandon.asMono())
                .concatWith(Mono.fromSupplier(() -> run.abandoned && !run.superseded
                        ? new RunError("Nobody was reading this reply for a while, so it was stopped.",
                                ErrorCode.ABANDONED) : null))
                .concatMap(run::publish)
                .doFinally(signal -> {
                    lease.dispose();
                    live.remove(runId, run);
                })
                .subscribe(run::emit, run::fail, run::complete);
        run.awaitReader();
        return run;
    }

    /**
     * The run's entries after {@code lastId} ("0" for all of them), up to and including its RUN_FINISHED
     * or RUN_ERROR; while subscribed, the run counts as read. Empty if the run is not {@code sessionId}'s,
     * unknown, or expired.
     */
    Mono<Flux<Entry>> follow(String runId, String sessionId, String lastId) {
        LiveRun run = live.get(runId);
        if (run != null) {
            return Mono.justOrEmpty(run.sessionId.equals(sessionId) ? run.after(lastId) : null);
        }
        return runLog.owner(runId).filter(sessionId::equals).flatMap(owner -> runLog.last(runId))
                // a reader that already has the run's last event gets nothing more, rather than polling
                .map(last -> ends(last.event()) && !isAfter(last, lastId) ? Flux.<Entry>empty()
                        : remote(runId, sessionId, lastId));
    }

    /** The run's entries after {@code lastId} from the log; if its replica is gone, this one writes the rest. */
    private Flux<Entry> remote(String runId, String sessionId, String lastId) {
        return Mono.just(new Page(List.of(), lastId, false, false, 0))
                .expand(page -> page.terminal || page.orphaned ? Mono.empty() : next(runId, page))
                .concatMap(page -> page.orphaned ? takeOver(runId, sessionId, page.last) : Flux.fromIterable(page.entries));
    }

    /** One read of the log; {@code orphaned}: it had nothing new, and no replica holds the run's lease. */
    private record Page(List<Entry> entries, String last, boolean terminal, boolean orphaned, long presenceNanos) {}

    /** The next page after {@code page}: at once if it had entries, else after a poll interval. */
    private Mono<Page> next(String runId, Page page) {
        Mono<Void> pause = page.entries.isEmpty() && page.presenceNanos != 0 ? Mono.delay(poll).then() : Mono.empty();
        return pause.then(Mono.defer(() -> {
            long now = System.nanoTime();
            boolean due = page.presenceNanos == 0 || now - page.presenceNanos >= heartbeat.toNanos();
            Mono<Presence> presence = due ? runLog.present(runId, heartbeat.multipliedBy(3)) : Mono.just(Presence.WRITTEN);
            return presence.flatMap(found -> found == Presence.GONE
                    ? Mono.just(new Page(List.of(), page.last, true, false, now)) // expired while it was read
                    : runLog.after(runId, page.last, PAGE).collectList().map(entries -> {
                        int end = terminalIndex(entries);
                        List<Entry> sent = end < 0 ? entries : entries.subList(0, end + 1);
                        String last = entries.isEmpty() ? page.last : sent.getLast().id();
                        return new Page(sent, last, end >= 0, entries.isEmpty() && found == Presence.ORPHANED,
                                due ? now : page.presenceNanos);
                    }));
        }));
    }

    /**
     * An orphaned run, read up to {@code lastId}: claimed, it is written on by this replica from what
     * its log holds; if another replica claimed it first, its log is read on as that replica writes it.
     */
    private Flux<Entry> takeOver(String runId, String sessionId, String lastId) {
        return runLog.claim(runId, replica).flatMapMany(claimed -> !claimed ? remote(runId, sessionId, lastId)
                : runLog.after(runId, "0", runLog.maxEvents()).map(Entry::event).collectList().flatMapMany(logged -> {
                    log.warn("Run {}: the replica writing it is gone, so this one writes the rest", runId);
                    return publish(runId, sessionId, chat.takeOver(sessionId, logged)).after(lastId);
                }));
    }

    private static int terminalIndex(List<Entry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            if (ends(entries.get(i).event())) {
                return i;
            }
        }
        return -1;
    }

    static boolean ends(StreamEvent event) {
        return event instanceof StreamEvent.RunFinished || event instanceof RunError;
    }

    static boolean isAfter(Entry entry, String lastId) {
        if ("0".equals(lastId)) {
            return true;
        }
        // an event the log could not take has no id: only a reader from the start gets it
        return entry.id() != null && RunLog.compare(entry.id(), lastId) > 0;
    }

    /** One run published by this replica: its replay, its readers, its grace. */
    private final class LiveRun {
        final String runId;
        final String sessionId;
        final Sinks.Many<Entry> entries = Sinks.many().replay().all();
        final Sinks.Empty<Void> abandon = Sinks.empty();
        volatile boolean abandoned;
        /** Another replica took the run over (this one stalled past its lease): it writes the rest. */
        volatile boolean superseded;
        Disposable subscription;
        private int readers;
        private Disposable graceTimer;
        private boolean unlogged;
        private volatile boolean ended;

        LiveRun(String runId, String sessionId) {
            this.runId = runId;
            this.sessionId = sessionId;
        }

        Flux<Entry> after(String lastId) {
            AtomicReference<String> seen = new AtomicReference<>(lastId);
            return entries.asFlux().filter(entry -> isAfter(entry, lastId))
                    .doOnNext(entry -> {
                        if (entry.id() != null) {
                            seen.set(entry.id());
                        }
                    })
                    .concatWith(Flux.defer(() -> superseded ? remote(runId, sessionId, seen.get()) : Flux.empty()))
                    .doOnSubscribe(subscription -> attach())
                    .doFinally(signal -> detach());
        }

        /**
         * Logs the event; if Redis cannot take it, the run goes on unlogged, for its readers here; if
         * another replica holds the run's lease, the event is dropped and the run stops here.
         */
        Mono<Entry> publish(StreamEvent event) {
            if (unlogged) {
                return Mono.just(new Entry(null, event));
            }
            return runLog.append(runId, sessionId, replica, event).map(id -> new Entry(id, event))
                    .switchIfEmpty(Mono.fromRunnable(this::supersede))
                    .onErrorResume(failure -> {
                        log.warn("Run {}: its events cannot be logged, so it cannot be resumed", runId, failure);
                        unlogged = true;
                        return Mono.just(new Entry(null, event));
                    });
        }

        // One publisher, events in order: the sink is only ever emitted to from this run's concatMap.
        void emit(Entry entry) {
            entries.emitNext(entry, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
        }

        void fail(Throwable failure) {
            log.error("Run {}: publishing failed", runId, failure);
            ended = true;
            entries.tryEmitError(failure);
        }

        void complete() {
            ended = true;
            entries.tryEmitComplete();
        }

        void supersede() {
            if (!superseded) {
                log.warn("Run {}: another replica took it over, so this one stops writing it", runId);
                superseded = true;
                abandon.tryEmitEmpty();
            }
        }

        synchronized void attach() {
            readers++;
            if (graceTimer != null) {
                graceTimer.dispose();
                graceTimer = null;
            }
        }

        synchronized void detach() {
            readers--;
            if (readers == 0 && !ended) {
                startGrace();
            }
        }

        /**
         * A run nobody ever reads (its client left before the response began) is abandoned too, a while
         * later: its own response subscribes within moments, and must not lose that race to a short grace.
         */
        synchronized void awaitReader() {
            if (readers == 0 && graceTimer == null) {
                startGrace(grace.plus(FIRST_READER));
            }
        }

        private void startGrace() {
            startGrace(grace);
        }

        private void startGrace(Duration wait) {
            graceTimer = Mono.delay(wait).then(runLog.remoteReader(runId).onErrorReturn(false))
                    .subscribe(remote -> expire(remote));
        }

        private synchronized void expire(boolean remoteReader) {
            if (readers > 0 || ended) {
                return;
            }
            if (remoteReader) {
                startGrace();
                return;
            }
            log.info("Run {}: nobody read it for {}, so it is cancelled", runId, grace);
            abandoned = true;
            abandon.tryEmitEmpty();
        }
    }
}
