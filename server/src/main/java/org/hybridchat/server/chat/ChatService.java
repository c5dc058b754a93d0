package org.hybridchat.server.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.Conversation;
import org.hybridchat.contract.ErrorCode;
import org.hybridchat.contract.Resume;
import org.hybridchat.contract.Role;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.Engine;
import org.hybridchat.contract.StreamEvent.Queued;
import org.hybridchat.contract.StreamEvent.RunError;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.hybridchat.contract.StreamEvent.TextMessageEnd;
import org.hybridchat.contract.StreamEvent.TextMessageStart;
import org.hybridchat.server.generation.Generation;
import org.hybridchat.server.generation.OverloadedException;
import org.hybridchat.server.generation.SamplingSettings;
import org.hybridchat.server.guardrails.PiiFilter;
import org.hybridchat.server.planning.Planner;
import org.hybridchat.server.routing.Routed;
import org.hybridchat.server.routing.Router;
import org.hybridchat.server.session.SessionId;
import org.hybridchat.server.session.SessionStore;
import org.hybridchat.server.tools.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs one chat turn: the new message and the session's history in, a tool's or the model's reply out as AG-UI events. */
@Service
public class ChatService {

    private static final Logger log = LoggerFactory.getLogger(ChatService.class);

    private final Router router;
    private final SessionStore store;
    private final Planner planner;
    private final ToolRun tools;
    private final PiiFilter pii;

    ChatService(Router router, SessionStore store, Planner planner, ToolRun tools, PiiFilter pii) {
        this.router = router;
        this.store = store;
        this.planner = planner;
        this.tools = tools;
        this.pii = pii;
    }

    /**
     * The events of one run: RUN_STARTED at once; then the planner's choice (a call, or none: the
     * model's by default, the rules' with {@code hybridchat.planner=rules}). A message a tool answers
     * gets the tool call's events, its result and the reply written from it (see {@link ToolRun}); a
     * planner that fails ends the run, storing nothing. Any other
     * gets the model: while it is too busy to begin, the run's place in its waiting line (CUSTOM
     * "queued"); when the router sends it to an upstream engine, CUSTOM "engine" with its name (and
     * "local" if this server's model finishes it); then the reply as one assistant text message
     * (START, CONTENT deltas, END), with the user message stored once the model has taken the turn;
     * then, with the reply stored,
     * RUN_FINISHED. A failure anywhere ends the run with RUN_ERROR instead, and a busy model refuses
     * the turn, at once or after the longest wait allowed, before anything is stored. Cancelling the
     * returned flux (see {@link Runs}: nobody read the run for the grace period) frees the reply's
     * batch row or its place in the line, and stores no reply. Whatever the server writes passes the PII filter first.
     */
    public Flux<StreamEvent> turn(Caller caller, UUID run, String userMessage) {
        String runId = run.toString();
        SessionId session = caller.session();
        ChatMessage user = ChatMessage.user(userMessage);
        return Flux.<StreamEvent>concat(
                        Mono.just(new RunStarted(session.value(), runId)),
                        store.conversation(session).map(Conversation::messages).defaultIfEmpty(List.of())
                                .flatMapMany(history -> planner.plan(with(history, user)).onErrorMap(PlanningFailure::new)
                                        .map(call -> tools.call(caller, runId, with(history, user), call))
                                        .switchIfEmpty(Mono.fromSupplier(() -> reply(new ReplyEvents(session, user),
                                                        () -> router.route(with(history, user), SamplingSettings.chat(seed(run)), false))
                                                .concatWith(Mono.just(new RunFinished(session.value(), runId)))))
                                        .flatMapMany(events -> events)))
                .onErrorResume(failure -> Mono.just(runError(runId, failure)));
    }

    /**
     * The rest of a run whose replica died, from the events it had logged ({@code logged}, from
     * RUN_STARTED on; see {@link Runs}). A reply the model had begun is written on from its text so far,
     * as the same message, and stored whole, once; one that had ended is stored if it was not yet. A run
     * that had not begun its reply, or was a tool's, ends with RUN_ERROR {@code replica_lost}: the message
     * is not in the log to ask again, and a tool's call may have done its work already; so does one whose
     * conversation is gone, or has gone on with another turn, meanwhile.
     */
    Flux<StreamEvent> takeOver(String sessionId, List<StreamEvent> logged) {
        RunStarted started = (RunStarted) logged.getFirst();
        SessionId session = new SessionId(sessionId);
        UUID run = UUID.fromString(started.runId());
        TextMessageStart begun = logged.stream().filter(TextMessageStart.class::isInstance)
                .map(TextMessageStart.class::cast).findFirst().orElse(null);
        if (logged.stream().anyMatch(StreamEvent.ToolCallStart.class::isInstance)) {
            return Flux.just(replicaLost(run, "in the middle of a tool's answer; send your message again."));
        }
        if (begun == null) {
            return Flux.just(replicaLost(run, "before the reply began; send your message again."));
        }
        String replySoFar = logged.stream().filter(TextMessageContent.class::isInstance)
                .map(event -> ((TextMessageContent) event).delta()).reduce("", String::concat);
        boolean ended = logged.stream().anyMatch(TextMessageEnd.class::isInstance);
        ReplyEvents reply = new ReplyEvents(session, begun.messageId(), replySoFar,
                logged.stream().anyMatch(Engine.class::isInstance));
        return store.conversation(session).map(Conversation::messages).defaultIfEmpty(List.of()).flatMapMany(history -> {
            if (history.isEmpty()) { // the conversation expired or was forgotten meanwhile
                return Flux.just(replicaLost(run, "and the conversation is no longer kept."));
            }
            boolean answered = history.getLast().role() == Role.ASSISTANT;
            if (answered && !ended) { // another turn was stored meanwhile: this reply has no place left
                return Flux.just(replicaLost(run, "and the conversation has gone on without its reply."));
            }
            // the reply is stored last, once its text message has ended: an answer after it is this run's
            Flux<StreamEvent> rest = answered ? Flux.empty()
                    : ended ? reply.store()
                    : reply(reply, () -> router.finishLocally(history, replySoFar, SamplingSettings.chat(seed(run))));
            return rest.concatWith(Mono.just(new RunFinished(sessionId, started.runId())));
        }).onErrorResume(failure -> Mono.just(runError(started.runId(), failure)));
    }

    private static RunError replicaLost(UUID run, String when) {
        log.warn("Run {}: its replica stopped {}", run, when);
        return new RunError("The server writing this reply stopped " + when, ErrorCode.REPLICA_LOST);
    }

    /** The run that answers an approval the session's last run asked for: the call runs, or is declined. */
    public Flux<StreamEvent> resume(Caller caller, UUID run, Resume answer) {
        String runId = run.toString();
        return Flux.<StreamEvent>concat(Mono.just(new RunStarted(caller.session().value(), runId)),
                        tools.resume(caller, runId, answer.interruptId(), answer.approved()))
                .onErrorResume(failure -> Mono.just(runError(runId, failure)));
    }

    /** The seed comes from the run id, so a run id in a log is enough to reproduce that reply. */
    private static long seed(UUID run) {
        return run.getMostSignificantBits() ^ run.getLeastSignificantBits();
    }

    /** The reply's events, from the engine {@code placed} puts it on; cancelling them stops it there. */
    private Flux<StreamEvent> reply(ReplyEvents reply, Supplier<Flux<Routed>> placed) {
        return Flux.defer(() -> placed.get()
                .onErrorMap(failure -> !(failure instanceof OverloadedException), ModelFailure::new)
                // a model failure waits for the event in hand, so a user message being stored is stored
                .concatMapDelayError(reply::on, false, 32)
                // "your message is saved", even when the model failed before its first token
                .onErrorResume(ModelFailure.class, failure -> reply.storeUserMessage().then(Mono.error(failure))));
    }

    /**
     * One reply's events in AG-UI's terms. The user's message is stored when the text message
     * starts, that is once the model has taken the turn: a run refused after waiting stores nothing.
     * Its methods run one event at a time, in order ({@code concatMapDelayError}), so plain fields do.
     */
    private final class ReplyEvents {
        private final SessionId session;
        private final ChatMessage user;
        private final String messageId;
        private final StringBuilder text;
        private final PiiFilter.Stream filtered = pii.stream();
        private boolean started;
        private boolean userMessageStored;
        private boolean engineNamed;

        /** A new reply to {@code user}'s message. */
        ReplyEvents(SessionId session, ChatMessage user) {
            this.session = session;
            this.user = user;
            this.messageId = UUID.randomUUID().toString();
            this.text = new StringBuilder();
        }

        /**
         * The rest of text message {@code messageId}, begun (and its user message stored) by another
         * replica, which had named the engine writing it if {@code engineNamed}.
         */
        ReplyEvents(SessionId session, String messageId, String replySoFar, boolean engineNamed) {
            this.session = session;
            this.user = null;
            this.messageId = messageId;
            this.text = new StringBuilder(replySoFar);
            this.started = true;
            this.userMessageStored = true;
            this.engineNamed = engineNamed;
        }

        Flux<StreamEvent> on(Routed event) {
            return switch (event) {
                // where the reply is written, unless it is this server's own model from the start
                case Routed.Placed placed -> placement(placed);
                case Routed.Generated(Generation.Queued place) -> Flux.just(new Queued(place.position()));
                case Routed.Generated(Generation.Text piece) -> start().concatWith(content(filtered.next(piece.text())));
                case Routed.Generated(Generation.Finished end) -> start().concatWith(content(filtered.finish()))
                        .concatWith(Mono.just(new TextMessageEnd(messageId)))
                        .concatWith(store());
            };
        }

        /** Stores the reply as written so far: no events. */
        Flux<StreamEvent> store() {
            return store.append(session, ChatMessage.assistant(text.toString())).thenMany(Flux.empty());
        }

        /**
         * Where the reply is written from here on, once another engine than this server's model has been
         * named: a reply that never names one is this server's model's, all along as far as the page knows.
         */
        private Flux<StreamEvent> placement(Routed.Placed placed) {
            if (placed.engine().equals(Engine.LOCAL) && !engineNamed) {
                return Flux.empty();
            }
            engineNamed = true;
            return Flux.just(new Engine(placed.engine()));
        }

        /** A piece of filtered text, if the filter let any out yet: what is sent is what is stored. */
        private Flux<StreamEvent> content(String piece) {
            if (piece.isEmpty()) {
                return Flux.empty();
            }
            text.append(piece);
            return Flux.just(new TextMessageContent(messageId, piece));
        }

        private Flux<StreamEvent> start() {
            if (started) {
                return Flux.empty();
            }
            started = true;
            return storeUserMessage().thenMany(Mono.just(new TextMessageStart(messageId, Role.ASSISTANT)));
        }

        Mono<Void> storeUserMessage() {
            if (userMessageStored) {
                return Mono.empty();
            }
            userMessageStored = true;
            return store.append(session, user);
        }
    }

    private static List<ChatMessage> with(List<ChatMessage> history, ChatMessage message) {
        List<ChatMessage> messages = new ArrayList<>(history);
        messages.add(message);
        return messages;
    }

    private static RunError runError(String runId, Throwable failure) {
        if (failure instanceof ToolRun.ApprovalUnavailableException unavailable) {
            log.info("Run {}: an approval that is unknown, used, expired or another session's", runId);
            return new RunError(unavailable.getMessage(), ErrorCode.APPROVAL_UNAVAILABLE);
        }
        if (failure instanceof OverloadedException overloaded) {
            log.warn("Run {}: refused, {}", runId, overloaded.getMessage());
            return new RunError(overloaded.getMessage(), ErrorCode.OVERLOADED);
        }
        if (failure instanceof PlanningFailure) {
            log.error("Run {}: the planner failed", runId, failure.getCause());
            return new RunError("The model failed before it answered; nothing was stored, send your message again.",
                    ErrorCode.MODEL_FAILURE);
        }
        if (failure instanceof ModelFailure) {
            log.error("Run {}: the model failed", runId, failure.getCause());
            return new RunError("The model failed; your message is saved.", ErrorCode.MODEL_FAILURE);
        }
        // Besides the model, a turn only reads and writes the session store.
        log.error("Run {}: the session store failed", runId, failure);
        return new RunError("The conversation could not be read or stored; try again later.",
                ErrorCode.STORAGE_FAILURE);
    }

    /** The planner could not decide: the turn stored nothing. */
    private static final class PlanningFailure extends RuntimeException {
        PlanningFailure(Throwable cause) {
            super(cause);
        }
    }

    private static final class ModelFailure extends RuntimeException {
        ModelFailure(Throwable cause) {
            super(cause);
        }
    }
}
