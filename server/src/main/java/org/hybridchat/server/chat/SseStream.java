package org.hybridchat.server.chat;

import java.time.Duration;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.WireFormat;
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

    private static final ServerSentEvent<String> PING = ServerSentEvent.<String>builder().comment("ping").build();

    private SseStream() {}

    /**
     * The run's events, with a heartbeat every {@code heartbeat} until the run ends. The heartbeats
     * keep proxies from closing a quiet stream, and they are writes: Netty notices a vanished client
     * only when it writes, so they also bound how long a run whose client has gone waits for the model.
     */
    static Flux<ServerSentEvent<String>> of(Flux<StreamEvent> run, Duration heartbeat) {
        return withPings(run.map(SseStream::message), heartbeat);
    }

    /**
     * A run's logged entries, each with its Redis Stream entry id as the SSE {@code id}, so that a
     * client that loses the stream can ask for what came after it ({@code Last-Event-ID}).
     */
    static Flux<ServerSentEvent<String>> ofEntries(Flux<RunLog.Entry> entries, Duration heartbeat) {
        return withPings(entries.map(entry -> entry.id() == null ? message(entry.event())
                : ServerSentEvent.builder(WireFormat.encode(entry.event())).id(entry.id()).build()), heartbeat);
    }

    private static Flux<ServerSentEvent<String>> withPings(Flux<ServerSentEvent<String>> messages, Duration heartbeat) {
        // A ping that nobody has asked for yet is dropped, not queued: Flux.interval would fail instead.
        Flux<ServerSentEvent<String>> pings = Flux.interval(heartbeat).onBackpressureDrop().map(tick -> PING);
        return messages.publish(events -> Flux.merge(events, pings.takeUntilOther(events.then())));
    }

    static ServerSentEvent<String> message(StreamEvent event) {
        return ServerSentEvent.builder(WireFormat.encode(event)).build();
    }
}
