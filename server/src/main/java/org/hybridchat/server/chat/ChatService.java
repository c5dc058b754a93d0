package org.hybridchat.server.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hybridchat.contract.ChatMessage;
import org.hybridchat.contract.Conversation;
import org.hybridchat.contract.ErrorCode;
import org.hybridchat.contract.Role;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.RunError;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.StreamEvent.TextMessageContent;
import org.hybridchat.contract.StreamEvent.TextMessageEnd;
import org.hybridchat.contract.StreamEvent.TextMessageStart;
import org.hybridchat.server.model.DecodeLoop;
import org.hybridchat.server.model.Generation;
import org.hybridchat.server.model.OverloadedException;
import org.hybridchat.server.model.Sampling;
import org.hybridchat.server.session.SessionId;
import org.hybridchat.server.session.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Runs one chat turn: the new message and the session's history in, the model's reply out as AG-UI events. */
@Service
public class ChatService {

    private static final Logger log = LoggerFactory.getLogger(ChatService.class);

    private final DecodeLoop model;
    private final SessionStore store;

    ChatService(DecodeLoop model, SessionStore store) {
        this.model = model;
        this.store = store;
    }

    /**
     * The events of one run: RUN_STARTED at once; then the reply as one assistant text message
     * (START, CONTENT deltas, END), with the user message stored once the model has taken the turn;
     * then, with the reply stored, RUN_FINISHED. A failure anywhere ends the run with RUN_ERROR
     * instead, and a busy model refuses the turn before anything is stored. Cancelling the returned
     * flux (the client went away) frees the reply's batch row and stores no reply.
     */
    public Flux<StreamEvent> turn(SessionId session, String userMessage) {
        UUID run = UUID.randomUUID();
        String runId = run.toString();
        // The seed comes from the run id, so a run id in a log is enough to reproduce that reply.
        long seed = run.getMostSignificantBits() ^ run.getLeastSignificantBits();
        ChatMessage user = ChatMessage.user(userMessage);
        return Flux.<StreamEvent>concat(
                        Mono.just(new RunStarted(session.value(), runId)),
                        store.conversation(session).map(Conversation::messages).defaultIfEmpty(List.of())
                                .flatMapMany(history -> reply(session, with(history, user), seed)),
                        Mono.just(new RunFinished(session.value(), runId)))
                .onErrorResume(failure -> Mono.just(runError(runId, failure)));
    }

    /** The reply as a text message; the generation is cancelled however the stream ends, which is harmless once it is done. */
    private Flux<StreamEvent> reply(SessionId session, List<ChatMessage> context, long seed) {
        return Flux.using(() -> model.submit(context, Sampling.chat(seed)),
                generation -> store.append(session, context.getLast()).thenMany(textMessage(session, generation)),
                Generation::cancel);
    }

    private Flux<StreamEvent> textMessage(SessionId session, Generation generation) {
        String messageId = UUID.randomUUID().toString();
        StringBuilder text = new StringBuilder();
        Flux<StreamEvent> deltas = generation.events().onErrorMap(ModelFailure::new)
                .ofType(Generation.Text.class)
                .map(Generation.Text::text)
                .doOnNext(text::append)
                .map(delta -> new TextMessageContent(messageId, delta));
        return Flux.<StreamEvent>concat(
                Mono.just(new TextMessageStart(messageId, Role.ASSISTANT)),
                deltas,
                Mono.just(new TextMessageEnd(messageId)),
                Mono.defer(() -> store.append(session, ChatMessage.assistant(text.toString()))).then(Mono.empty()));
    }

    private static List<ChatMessage> with(List<ChatMessage> history, ChatMessage message) {
        List<ChatMessage> messages = new ArrayList<>(history);
        messages.add(message);
        return messages;
    }

    private static RunError runError(String runId, Throwable failure) {
        if (failure instanceof OverloadedException overloaded) {
            log.warn("Run {}: refused, {}", runId, overloaded.getMessage());
            return new RunError(overloaded.getMessage(), ErrorCode.OVERLOADED);
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

    private static final class ModelFailure extends RuntimeException {
        ModelFailure(Throwable cause) {
            super(cause);
        }
    }
}
