package org.hybridchat.server.chat;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.ErrorCode;
import org.hybridchat.contract.Role;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.RunError;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.hybridchat.contract.StreamEvent.TextMessageEnd;
import org.hybridchat.contract.StreamEvent.TextMessageStart;
import org.hybridchat.server.model.Generation;
import org.hybridchat.server.model.ServerModel;
import org.hybridchat.server.session.SessionId;
import org.hybridchat.server.session.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Runs one chat turn: the new message and the session's history in, the model's reply out as AG-UI events. */
@Service
public class ChatService {

    private static final Logger log = LoggerFactory.getLogger(ChatService.class);

    private final ServerModel model;
    private final SessionStore store;
    /**
     * Where generations run: {@code Generation.next()} blocks while it computes, so it must stay off
     * Netty's event loop, and more threads than cores would only make the runs contend for the same
     * cores. Runs beyond that wait in the queue, their streams kept alive by heartbeats.
     */
    private final Scheduler modelThreads = Schedulers.newBoundedElastic(
            Runtime.getRuntime().availableProcessors(), Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "model");
    private final AtomicInteger openGenerations = new AtomicInteger();
    private final AtomicLong stoppedGenerations = new AtomicLong();

    ChatService(ServerModel model, SessionStore store) {
        this.model = model;
        this.store = store;
    }

    /** Lets running generations end before Spring closes the model, whose weights they are reading. */
    @PreDestroy
    void stopGenerating() {
        modelThreads.disposeGracefully()
                .timeout(Duration.ofSeconds(10), Mono.fromRunnable(modelThreads::dispose))
                .block();
    }

    /**
     * The events of one run: RUN_STARTED at once; then, with the user message stored, the reply as
     * one assistant text message (START, CONTENT deltas, END); then, with the reply stored,
     * RUN_FINISHED. A failure anywhere ends the run with RUN_ERROR instead. Cancelling the returned
     * flux (the client went away) stops the model and stores no reply.
     */
    public Flux<StreamEvent> turn(SessionId session, String userMessage) {
        UUID run = UUID.randomUUID();
        String runId = run.toString();
        // The seed comes from the run id, so a run id in a log is enough to reproduce that reply.
        long seed = run.getMostSignificantBits() ^ run.getLeastSignificantBits();
        return Flux.<StreamEvent>concat(
                        Mono.just(new RunStarted(session.value(), runId)),
                        store.append(session, ChatMessage.user(userMessage))
                                .then(store.conversation(session))
                                .flatMapMany(conversation -> reply(session, conversation.messages(), seed)),
                        Mono.just(new RunFinished(session.value(), runId)))
                .onErrorResume(failure -> Mono.just(runError(runId, failure)));
    }

    /** How many generations hold a KV cache right now: finished and cancelled ones have let go. */
    public int openGenerations() {
        return openGenerations.get();
    }

    /** How many generations have been stopped, since start, because their client left before the reply was done. */
    public long stoppedGenerations() {
        return stoppedGenerations.get();
    }

    private Flux<StreamEvent> reply(SessionId session, List<ChatMessage> context, long seed) {
        String messageId = UUID.randomUUID().toString();
        StringBuilder text = new StringBuilder();
        return Flux.<StreamEvent>concat(
                Mono.just(new TextMessageStart(messageId, Role.ASSISTANT)),
                pieces(context, seed).doOnNext(text::append).map(piece -> new TextMessageContent(messageId, piece)),
                Mono.just(new TextMessageEnd(messageId)),
                Mono.defer(() -> store.append(session, ChatMessage.assistant(text.toString())))
                        .then(Mono.empty()));
    }

    /**
     * The model's pieces of text. The generation runs on a model thread as one loop, not as a task
     * per piece: cancelling the flux (the client went away) sets a flag that the loop checks between
     * two pieces, so the model is never interrupted in the middle of a step and no thread is wasted
     * waiting for demand. A reply is a few hundred short strings, so buffering them costs little.
     */
    private Flux<String> pieces(List<ChatMessage> context, long seed) {
        return Flux.<String>create(sink -> modelThreads.schedule(() -> generate(context, seed, sink)))
                .onErrorMap(ModelFailure::new);
    }

    private void generate(List<ChatMessage> context, long seed, FluxSink<String> sink) {
        if (sink.isCancelled()) {
            return; // the client left while this run waited for a thread
        }
        try {
            Generation generation = model.generate(context, seed);
            openGenerations.incrementAndGet();
            try {
                while (true) {
                    if (sink.isCancelled()) {
                        stoppedGenerations.incrementAndGet();
                        return;
                    }
                    String piece = generation.next();
                    if (piece == null) {
                        break;
                    }
                    // AG-UI requires a non-empty delta
                    if (!piece.isEmpty()) {
                        sink.next(piece);
                    }
                }
            } finally {
                generation.close();
                openGenerations.decrementAndGet();
            }
            sink.complete();
        } catch (RuntimeException e) {
            sink.error(e);
        }
    }

    private static RunError runError(String runId, Throwable failure) {
        if (failure instanceof ModelFailure) {
            log.error("Run {}: the model failed", runId, failure.getCause());
            return new RunError("The model failed; your message is saved.", ErrorCode.MODEL_FAILURE);
        }
        // Besides the model, a turn only reads and writes the session store.
        log.error("Run {}: the session store failed", runId, failure);
        return new RunError("The conversation could not be read or stored; try again later.",
                ErrorCode.STORAGE_FAILURE);
    }

    private static final class ModelFailure extends RuntimeException {
        ModelFailure(Throwable cause) {
            super(cause);
        }
    }
}
