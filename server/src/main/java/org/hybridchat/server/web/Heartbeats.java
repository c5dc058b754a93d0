package org.hybridchat.server.web;

import java.time.Duration;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

/**
 * SSE comment lines ({@code :ping}) between a stream's messages while it is quiet. They keep proxies
 * from closing a quiet stream, and they are writes: Netty notices a vanished client only when it
 * writes, so they also bound how long a reply whose client has gone keeps its place in the model's
 * waiting line.
 */
public final class Heartbeats {

    private static final ServerSentEvent<String> PING = ServerSentEvent.<String>builder().comment("ping").build();

    private Heartbeats() {}

    /** The messages, with a ping every {@code interval} until they end. */
    public static Flux<ServerSentEvent<String>> between(Flux<ServerSentEvent<String>> messages, Duration interval) {
        // A ping that nobody has asked for yet is dropped, not queued: Flux.interval would fail instead.
        Flux<ServerSentEvent<String>> pings = Flux.interval(interval).onBackpressureDrop().map(tick -> PING);
        return messages.publish(shared -> Flux.merge(shared, pings.takeUntilOther(shared.then())));
    }
}
