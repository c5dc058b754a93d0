package org.hybridchat.server.chat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.hybridchat.contract.ChatRequest;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.contract.WireFormatException;
import org.hybridchat.server.security.Roles;
import org.hybridchat.server.session.SessionId;
import org.hybridchat.server.session.SessionStore;
import org.hybridchat.server.session.UnknownSessionException;
import org.hybridchat.server.tools.Caller;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/chat}: one user message (or the answer to an approval) in, the run's events out as
 * {@code text/event-stream}.
 * Everything that can be checked before the stream opens is, so bad input is a plain 4xx with a
 * problem+json body; what fails later arrives as a RUN_ERROR event.
 */
@RestController
class ChatController {

    private final ChatService chat;
    private final Runs runs;
    private final SessionStore sessions;
    private final Duration heartbeat;
    private final int maxMessageLength;
    private final int maxJsonDepth;

    ChatController(ChatService chat, Runs runs, SessionStore sessions, @Value("${hybridchat.chat.heartbeat}") Duration heartbeat,
            @Value("${hybridchat.limits.max-message-length}") int maxMessageLength,
            @Value("${hybridchat.limits.max-json-depth}") int maxJsonDepth) {
        this.chat = chat;
        this.runs = runs;
        this.sessions = sessions;
        this.heartbeat = heartbeat;
        this.maxMessageLength = maxMessageLength;
        this.maxJsonDepth = maxJsonDepth;
    }

    // The body is read as bytes and decoded here because the contract has one JSON form, WireFormat's,
    // not Jackson's, and because a String body would turn bytes that are not UTF-8 into U+FFFD
    // silently; a missing body is WireFormat's to refuse too, so every bad body gets the same kind of message.
    @PostMapping(path = "/api/chat", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> chat(@RequestBody(required = false) byte[] body) {
        ChatRequest request = validated(body == null ? null : utf8(body));
        // the role comes from the request's credential, never from what the message or a tool says
        return Mono.zip(session(request.sessionId()), Roles.isAdmin(), Caller::new).map(caller -> {
            // The run goes on by itself; this response is its first reader, from its first event.
            UUID run = UUID.randomUUID();
            return stream(runs.start(run.toString(), caller.session().value(), request.resume().isEmpty()
                    ? chat.turn(caller, run, request.message()) : chat.resume(caller, run, request.resume().getFirst())));
        });
    }

    /**
     * {@code GET /api/runs/{runId}/events?sessionId=…}: a run's events after {@code Last-Event-ID} (the
     * header, or the {@code lastEventId} parameter; from the start without either), then the rest as they
     * come, up to RUN_FINISHED or RUN_ERROR. A run that is unknown, expired or another session's is a 404.
     */
    @GetMapping(path = "/api/runs/{runId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> events(@PathVariable("runId") String runId,
            @RequestParam(name = "sessionId", required = false) String sessionId,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
            @RequestParam(name = "lastEventId", required = false) String lastEventId) {
        String after = lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? lastEventIdHeader.strip()
                : lastEventId != null && !lastEventId.isBlank() ? lastEventId.strip() : "0";
        if (!"0".equals(after) && !RunLog.isEntryId(after)) {
            throw new ServerWebInputException("Last-Event-ID must be an event id this stream sent (like 1700000000000-0).");
        }
        if (!isUuid(runId) || SessionId.parse(sessionId).isEmpty()) {
            return Mono.error(UnknownRunException::new);
        }
        return runs.follow(runId, sessionId, after).switchIfEmpty(Mono.error(UnknownRunException::new))
                .map(this::stream);
    }

    private ResponseEntity<Flux<ServerSentEvent<String>>> stream(Flux<RunLog.Entry> entries) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noCache())
                // nginx would otherwise buffer the stream and deliver the reply all at once
                .header("X-Accel-Buffering", "no")
                .body(SseStream.ofEntries(entries, heartbeat));
    }

    private static boolean isUuid(String text) {
        return text != null && text.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    private ChatRequest validated(String body) {
        ChatRequest request;
        try {
            request = WireFormat.decodeChatRequest(body, maxJsonDepth);
        } catch (WireFormatException e) {
            throw new ServerWebInputException(e.getMessage());
        }
        if (!request.resume().isEmpty()) {
            if (request.sessionId() == null) {
                throw new ServerWebInputException("An answer to an approval needs the session it was asked in.");
            }
            if (request.resume().size() > 1) {
                throw new ServerWebInputException("A run asks one approval at a time: answer it alone.");
            }
            return request;
        }
        String refusal = ChatRequest.refusal(request.message(), maxMessageLength);
        if (refusal != null) {
            throw new ServerWebInputException(refusal);
        }
        return request;
    }

    /** JSON is UTF-8 (RFC 8259); anything else is refused rather than read with replacement characters. */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ServerWebInputException("The body is not valid UTF-8.");
        }
    }

    /** A new session when none is named; otherwise the named one, which must exist. */
    private Mono<SessionId> session(String requested) {
        if (requested == null) {
            return Mono.just(SessionId.random());
        }
        return Mono.justOrEmpty(SessionId.parse(requested))
                .filterWhen(sessions::exists)
                .switchIfEmpty(Mono.error(UnknownSessionException::new));
    }
}
