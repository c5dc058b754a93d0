package org.hybridchat.server.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.hybridchat.contract.Role;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.StreamEvent.TextMessageStart;
import org.hybridchat.contract.WireFormat;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

class SseStreamTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final StreamEvent STARTED = new RunStarted("s-1", "r-1");
    private static final StreamEvent FINISHED = new RunFinished("s-1", "r-1");

    @Test
    void each_event_is_one_unnamed_message_whose_data_is_its_wire_form() {
        ServerSentEvent<String> message = SseStream.message(new TextMessageStart("m-1", Role.ASSISTANT));

        assertThat(message.data())
                .isEqualTo("{\"type\":\"TEXT_MESSAGE_START\",\"messageId\":\"m-1\",\"role\":\"assistant\"}");
        assertThat(message.event()).isNull();
        assertThat(message.comment()).isNull();
    }

    @Test
    void a_quiet_run_is_kept_alive_by_a_ping_comment_every_heartbeat() {
        StepVerifier.withVirtualTime(() -> SseStream.of(
                        Flux.concat(Mono.just(STARTED), Mono.delay(Duration.ofSeconds(12)).thenReturn(FINISHED)),
                        HEARTBEAT).map(SseStreamTest::describe))
                .expectNext("data " + STARTED)
                .expectNoEvent(Duration.ofSeconds(5))
                .expectNext("comment ping")
                .expectNoEvent(Duration.ofSeconds(5))
                .expectNext("comment ping")
                .expectNoEvent(Duration.ofSeconds(2))
                .expectNext("data " + FINISHED)
                .verifyComplete();
    }

    @Test
    void the_stream_ends_as_soon_as_the_run_does() {
        StepVerifier.withVirtualTime(() -> SseStream.of(Flux.just(STARTED, FINISHED), HEARTBEAT)
                        .map(SseStreamTest::describe))
                .expectNext("data " + STARTED, "data " + FINISHED)
                .verifyComplete();
    }

    @Test
    void pings_that_nobody_asked_for_are_dropped_rather_than_failing_the_stream() {
        StepVerifier.withVirtualTime(() -> SseStream.of(Flux.concat(Mono.just(STARTED), Flux.never()), HEARTBEAT), 1)
                .expectNextCount(1)
                .thenAwait(Duration.ofMinutes(1))
                .thenRequest(1)
                .thenAwait(HEARTBEAT)
                .assertNext(ping -> assertThat(ping.comment()).isEqualTo("ping"))
                .thenCancel()
                .verify();
    }

    @Test
    void cancelling_the_stream_cancels_the_run() {
        TestPublisher<StreamEvent> run = TestPublisher.create();

        StepVerifier.create(SseStream.of(run.flux(), HEARTBEAT))
                .then(() -> run.next(STARTED))
                .expectNextCount(1)
                .thenCancel()
                .verify();

        run.assertCancelled();
    }

    private static String describe(ServerSentEvent<String> sse) {
        return sse.comment() != null ? "comment " + sse.comment()
                : "data " + WireFormat.decodeEvent(sse.data());
    }
}
