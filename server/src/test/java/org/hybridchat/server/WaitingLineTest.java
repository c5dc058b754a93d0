package org.hybridchat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import org.hybridchat.contract.ServerLoad;
import org.hybridchat.contract.StreamEvent;
import org.hybridchat.contract.StreamEvent.Queued;
import org.hybridchat.contract.StreamEvent.RunFinished;
import org.hybridchat.contract.StreamEvent.RunStarted;
import org.hybridchat.contract.StreamEvent.TextMessageStart;
import org.hybridchat.contract.WireFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A chat that has to wait for the model: it hears its place in the line, keeps its heartbeat, and
 * leaves the line when its client goes away. One batch row, so a few long replies fill it.
 */
@TestPropertySource(properties = {"hybridchat.generation.max-waiting=16",
        "hybridchat.generation.max-queue-wait=60s", "hybridchat.chat.heartbeat=100ms"})
class WaitingLineTest extends OneRowServer {


    @Autowired
    MeterRegistry metrics;

    @Test
    void a_run_that_must_wait_hears_its_place_right_after_run_started_and_again_as_it_moves_up() {
        ChatApi.Turn turn;
        try (BusyModel busy = BusyModel.occupy(decodeLoop)) {
            busy.awaitFreshReply();
            busy.queue(2);
            turn = new ChatApi(port).chat(null, "Tell me a story about a daemon.");
        }

        List<StreamEvent> events = turn.events();
        assertThat(events.get(0)).isInstanceOf(RunStarted.class);
        assertThat(events.get(1)).as("two replies wait ahead of it").isEqualTo(new Queued(3));
        List<Integer> places = events.stream().takeWhile(event -> !(event instanceof TextMessageStart))
                .filter(Queued.class::isInstance).map(event -> ((Queued) event).position()).toList();
        assertThat(places).as("told again as it moves up, never twice the same").hasSizeGreaterThan(1)
                .isSortedAccordingTo((a, b) -> b - a).doesNotHaveDuplicates();
        assertThat(events.stream().dropWhile(event -> !(event instanceof TextMessageStart)))
                .as("nothing of the line once the reply has begun").noneMatch(Queued.class::isInstance);
        assertThat(events.getLast()).isInstanceOf(RunFinished.class);
        assertThat(turn.reply()).isNotEmpty();

        List<String> lines = turn.lines();
        int firstText = lines.indexOf(lines.stream().filter(line -> line.contains("TEXT_MESSAGE_START")).findFirst()
                .orElseThrow());
        assertThat(lines.subList(0, firstText)).as("heartbeats while it waits").contains(":ping");
        assertThat(new ChatApi(port).history(turn.sessionId()).messages()).as("the question and the reply")
                .hasSize(2);
    }

    @Test
    void a_run_that_finds_a_row_free_hears_nothing_of_a_line() {
        List<StreamEvent> events = new ChatApi(port).chat(null, "Tell me a story about a daemon.").events();

        assertThat(events).noneMatch(Queued.class::isInstance);
        assertThat(events.get(1)).isInstanceOf(TextMessageStart.class);
    }

    /**
     * Reactor Netty notices a vanished client on its next write, which for a waiting run is the next
     * heartbeat (100 ms here); how promptly a cancelled stream cancels its run is SseStreamTest's, in
     * virtual time. Here the wait is bounded only so that a regression fails instead of hanging.
     */
    @Test
    void a_client_that_hangs_up_while_it_waits_leaves_the_line() throws InterruptedException {
        try (BusyModel busy = BusyModel.occupy(decodeLoop)) {
            busy.queue(3);
            double cancelledBefore = cancelled();
            HttpResponse<Stream<String>> response = new ChatApi(port).openChat(null, "Tell me a story about a daemon.");
            try (Stream<String> lines = response.body()) {
                assertThat(lines.filter(line -> line.contains("\"name\":\"queued\"")).findFirst()).isPresent();
            }
            // waits for the line itself: an earlier test's cancelled reply may be counted meanwhile
            Instant giveUp = Instant.now().plusSeconds(30);
            while (decodeLoop.waitingGenerations() > 3 && Instant.now().isBefore(giveUp)) {
                Thread.sleep(5);
            }

            assertThat(decodeLoop.waitingGenerations()).as("its place given up").isLessThanOrEqualTo(3);
            assertThat(cancelled()).as("cancelled in the line").isGreaterThanOrEqualTo(cancelledBefore + 1);
        }
    }

    @Test
    void the_load_endpoint_tells_the_replies_being_written_and_waiting_and_the_limits() {
        ChatApi api = new ChatApi(port);
        try (BusyModel busy = BusyModel.occupy(decodeLoop)) {
            busy.queue(2);
            HttpResponse<String> response = api.send("GET", "/api/load", null, null, "application/json");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
            ServerLoad load = WireFormat.decodeServerLoad(response.body());
            assertThat(load.active()).isEqualTo(1);
            assertThat(load.waiting()).isBetween(1, 3);
            assertThat(load.maxActive()).isEqualTo(1);
            assertThat(load.maxWaiting()).isEqualTo(16);
        }
        assertThat(WireFormat.decodeServerLoad(api.send("GET", "/api/load", null, null, "application/json").body()))
                .isEqualTo(new ServerLoad(0, 0, 1, 16));
    }

    private double cancelled() {
        return metrics.counter("hybridchat.generations", "outcome", "cancelled").count();
    }
}
