package org.hybridchat.server.chat;

import java.time.Duration;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.WireFormat;
import org.hybridchat.server.web.Heartbeats;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

/**
 * How a run goes on the wire: each event as one SSE message whose {@code data:} is exactly
 * {@code WireFormat.encode(event)}, with {@code :ping} comments in between while the run is quiet.
 *
 * <p>Messages carry no SSE {@code event:} name, as AG-UI's own encoder does: every SSE client then
 * sees them as plain messages, and the JSON's {@code type} says what each one is. WireFormat escapes
 * line breaks, so each event is a single {@code data:} line.
 */
final class SseStream {

    private SseStream() {}

    /** The run's events, with a heartbeat every {@code heartbeat} until the run ends. */
    static Flux<ServerSentEvent<String>> of(Flux<StreamEvent> run, Duration heartbeat) {
        return Heartbeats.between(run.map(SseStream::message), heartbeat);
    }

    static ServerSentEvent<String> message(StreamEvent event) {
        return ServerSentEvent.builder(WireFormat.encode(event)).build();
    }
}
